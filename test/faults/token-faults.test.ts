/**
 * Every token fault, end to end: the ID token the IdP hands out is faulted exactly as the catalogue says, and
 * a real relying party refuses it. openid-client runs the Code Flow (with signature checks on, see
 * helpers/rp) for the persona `fault-<name>` of the default scenario; jose checks envelope tokens from
 * /api/jwt as the platform would. Where the libraries do not check something (azp with one audience,
 * email_verified, the nonce of an envelope token), the raw token is asserted on instead.
 */
import {
  compactDecrypt,
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  type JWTPayload,
  type JWTVerifyOptions,
  jwtVerify,
  UnsecuredJWT,
} from 'jose';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlatformKeyPair } from '../../src/keys/platform-key-pair.js';
import type { RunningIdp } from '../../src/server/start.js';
import { defaultClient, startTestIdp } from '../helpers/idp.js';
import { decryptionKey, platformKeys, register } from '../helpers/platform.js';
import { authorize, codeFlow, discoverRp } from '../helpers/rp.js';
import { call, captureTokenResponses, envelopeToken, nowSeconds, rejectionOf } from './support.js';

const TEN_MINUTES = 600;

let idp: RunningIdp;
let jwks: ReturnType<typeof createRemoteJWKSet>;
beforeAll(async () => {
  idp = await startTestIdp();
  jwks = createRemoteJWKSet(new URL(`${idp.url}/oauth2/v3/certs`));
});
afterAll(() => idp.stop());

/** What the platform checks an envelope ID token for. */
function platformChecks(audience = defaultClient.client_id): JWTVerifyOptions {
  return {
    issuer: idp.issuer,
    audience,
    algorithms: ['RS256'],
    requiredClaims: ['iss', 'aud', 'sub', 'iat', 'exp'],
  };
}

/** The kids the IdP publishes right now. */
async function publishedKids(): Promise<string[]> {
  const { body } = await call(idp.url, 'GET', '/oauth2/v3/certs');
  return (body.keys as Array<{ kid: string }>).map((key) => key.kid);
}

interface Refusal {
  /** What openid-client threw. */
  error: Error & Record<string, unknown>;
  /** The cause openid-client names (oauth4webapi's own error, with the detail). */
  cause: Error & Record<string, unknown>;
  /** The very ID token openid-client was given. */
  idToken: string;
}

/** A Code Flow through openid-client as the default client, for one persona: it must throw. */
async function refusedCodeFlow(persona: string, config?: client.Configuration): Promise<Refusal> {
  const rp = config ?? (await discoverRp(idp.issuer, defaultClient.client_id, defaultClient.client_secret));
  const responses = captureTokenResponses(rp);
  const error = await rejectionOf(codeFlow(rp, defaultClient.redirect_uri, persona));
  expect(responses).toHaveLength(1);
  return {
    error,
    cause: error.cause as Error & Record<string, unknown>,
    idToken: responses[0]?.id_token as string,
  };
}

/** A Code Flow openid-client accepts; returns the raw ID token and the validated claims. */
async function acceptedCodeFlow(persona: string) {
  const rp = await discoverRp(idp.issuer, defaultClient.client_id, defaultClient.client_secret);
  const responses = captureTokenResponses(rp);
  const { tokens, nonce } = await codeFlow(rp, defaultClient.redirect_uri, persona);
  return { idToken: responses[0]?.id_token as string, claims: tokens.claims() as JWTPayload, nonce };
}

function personaSub(id: string): string {
  const persona = idp.personas.find((p) => p.id === id);
  if (!persona) throw new Error(`no persona ${id} in the default scenario`);
  return persona.sub;
}

describe('control: the same relying parties accept a token without faults', () => {
  it('openid-client completes the Code Flow for persona-1, and jose accepts its envelope token', async () => {
    const { claims, idToken } = await acceptedCodeFlow('persona-1');
    expect(claims).toMatchObject({ sub: personaSub('persona-1'), aud: 'mock-client', iss: idp.issuer });
    expect(decodeProtectedHeader(idToken).alg).toBe('RS256');
    const envelope = await envelopeToken(idp.url, { persona: 'persona-1', client_id: 'mock-client' });
    const { payload } = await jwtVerify(envelope, jwks, platformChecks());
    expect(payload.sub).toBe(personaSub('persona-1'));
  });
});

describe('expired', () => {
  it('exp is at least 10 minutes in the past, and openid-client refuses the token as expired', async () => {
    const before = nowSeconds();
    const { error, cause, idToken } = await refusedCodeFlow('fault-expired');
    const claims = decodeJwt(idToken);
    expect(claims.exp).toBeLessThanOrEqual(before - TEN_MINUTES);
    expect(claims.iat).toBeLessThan(claims.exp as number);
    expect(error.code).toBe('OAUTH_JWT_TIMESTAMP_CHECK_FAILED');
    expect(cause.message).toMatch(/"exp" \(expiration time\)/);
    // Nothing else is wrong with it: at a time it was valid, it verifies.
    const then = new Date(((claims.exp as number) - 60) * 1000);
    await expect(jwtVerify(idToken, jwks, { ...platformChecks(), currentDate: then })).resolves.toBeTruthy();
  });

  it('an envelope token is refused by jose with ERR_JWT_EXPIRED', async () => {
    const token = await envelopeToken(idp.url, { persona: 'fault-expired', client_id: 'mock-client' });
    expect(decodeJwt(token).exp).toBeLessThanOrEqual(nowSeconds() - TEN_MINUTES);
    const error = await rejectionOf(jwtVerify(token, jwks, platformChecks()));
    expect(error.code).toBe('ERR_JWT_EXPIRED');
    expect(error.claim).toBe('exp');
  });
});

describe('not_yet_valid', () => {
  it('iat and nbf are at least 10 minutes in the future, and openid-client refuses the token', async () => {
    const before = nowSeconds();
    const { error, cause, idToken } = await refusedCodeFlow('fault-not-yet-valid');
    const claims = decodeJwt(idToken);
    expect(claims.iat).toBeGreaterThanOrEqual(before + TEN_MINUTES);
    expect(claims.nbf).toBeGreaterThanOrEqual(before + TEN_MINUTES);
    expect(claims.exp).toBeGreaterThan(claims.nbf as number);
    expect(error.code).toBe('OAUTH_JWT_TIMESTAMP_CHECK_FAILED');
    expect(cause.message).toMatch(/"nbf" \(not before\)/);
    const later = new Date(((claims.nbf as number) + 60) * 1000);
    await expect(jwtVerify(idToken, jwks, { ...platformChecks(), currentDate: later })).resolves.toBeTruthy();
  });

  it('an envelope token is refused by jose on nbf', async () => {
    const token = await envelopeToken(idp.url, { persona: 'fault-not-yet-valid', client_id: 'mock-client' });
    const error = await rejectionOf(jwtVerify(token, jwks, platformChecks()));
    expect(error.code).toBe('ERR_JWT_CLAIM_VALIDATION_FAILED');
    expect(error.claim).toBe('nbf');
  });
});

describe('wrong_issuer', () => {
  it('iss is not the IdP, and openid-client refuses the token on iss', async () => {
    const { error, cause, idToken } = await refusedCodeFlow('fault-wrong-issuer');
    const claims = decodeJwt(idToken);
    expect(claims.iss).toEqual(expect.any(String));
    expect(claims.iss).not.toBe(idp.issuer);
    expect(error.code).toBe('OAUTH_JWT_CLAIM_COMPARISON_FAILED');
    expect(cause.message).toMatch(/"iss" \(issuer\)/);
    // Properly signed: only the issuer is wrong.
    await expect(jwtVerify(idToken, jwks, { audience: 'mock-client' })).resolves.toBeTruthy();
  });

  it('an envelope token is refused by jose on iss', async () => {
    const token = await envelopeToken(idp.url, { persona: 'fault-wrong-issuer', client_id: 'mock-client' });
    const error = await rejectionOf(jwtVerify(token, jwks, platformChecks()));
    expect(error.code).toBe('ERR_JWT_CLAIM_VALIDATION_FAILED');
    expect(error.claim).toBe('iss');
  });
});

describe('wrong_audience', () => {
  it('aud is another client, and openid-client refuses the token on aud', async () => {
    const { error, cause, idToken } = await refusedCodeFlow('fault-wrong-audience');
    const claims = decodeJwt(idToken);
    expect(claims.aud).toEqual(expect.any(String));
    expect(claims.aud).not.toBe('mock-client');
    expect(error.code).toBe('OAUTH_JWT_CLAIM_COMPARISON_FAILED');
    expect(cause.message).toMatch(/"aud" \(audience\)/);
    await expect(jwtVerify(idToken, jwks, { issuer: idp.issuer })).resolves.toBeTruthy();
  });

  it('an envelope token is refused by jose on aud', async () => {
    const token = await envelopeToken(idp.url, { persona: 'fault-wrong-audience', client_id: 'mock-client' });
    const error = await rejectionOf(jwtVerify(token, jwks, platformChecks()));
    expect(error.code).toBe('ERR_JWT_CLAIM_VALIDATION_FAILED');
    expect(error.claim).toBe('aud');
  });
});

describe('wrong_azp', () => {
  // OIDC Core 3.1.3.7: when azp is present it must be the client's id. With a single audience neither
  // openid-client nor jose looks at azp, so the raw token is what is asserted on.
  it('azp is another client while aud is still this one, in a properly signed token (Code Flow)', async () => {
    const { idToken, claims } = await acceptedCodeFlow('fault-wrong-azp');
    expect(claims.aud).toBe('mock-client');
    expect(claims.azp).toEqual(expect.any(String));
    expect(claims.azp).not.toBe('mock-client');
    expect(decodeJwt(idToken).azp).toBe(claims.azp);
  });

  it('the same in an envelope token, which otherwise passes every platform check', async () => {
    const token = await envelopeToken(idp.url, { persona: 'fault-wrong-azp', client_id: 'mock-client' });
    const { payload } = await jwtVerify(token, jwks, platformChecks());
    expect(payload.azp).not.toBe('mock-client');
  });
});

describe('bad_signature', () => {
  it('the kid is one the JWKS publishes, the signature does not verify, and openid-client refuses it', async () => {
    const { error, cause, idToken } = await refusedCodeFlow('fault-bad-signature');
    const header = decodeProtectedHeader(idToken);
    expect(header.alg).toBe('RS256');
    expect(await publishedKids()).toContain(header.kid);
    expect(error.code).toBe('OAUTH_INVALID_RESPONSE');
    expect(cause.message).toMatch(/signature verification failed/);
    // The claims themselves are right: only the signature is.
    expect(decodeJwt(idToken)).toMatchObject({ iss: idp.issuer, aud: 'mock-client' });
  });

  it('an envelope token is refused by jose with ERR_JWS_SIGNATURE_VERIFICATION_FAILED', async () => {
    const token = await envelopeToken(idp.url, { persona: 'fault-bad-signature', client_id: 'mock-client' });
    expect(await publishedKids()).toContain(decodeProtectedHeader(token).kid);
    const error = await rejectionOf(jwtVerify(token, jwks, platformChecks()));
    expect(error.code).toBe('ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  });
});

describe('unknown_kid', () => {
  it('the kid is in no JWKS, even a freshly fetched one, and openid-client refuses the token', async () => {
    const { error, cause, idToken } = await refusedCodeFlow('fault-unknown-kid');
    const header = decodeProtectedHeader(idToken);
    expect(header).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    expect(header.kid).toEqual(expect.any(String));
    expect(await publishedKids()).not.toContain(header.kid);
    expect(error.code).toBe('OAUTH_KEY_SELECTION_FAILED');
    expect((cause.cause as { header?: unknown }).header).toMatchObject({ kid: header.kid });
  });

  it('an envelope token is refused by jose with ERR_JWKS_NO_MATCHING_KEY after a refetch', async () => {
    const token = await envelopeToken(idp.url, { persona: 'fault-unknown-kid', client_id: 'mock-client' });
    expect(await publishedKids()).not.toContain(decodeProtectedHeader(token).kid);
    const refetching = createRemoteJWKSet(new URL(`${idp.url}/oauth2/v3/certs`), { cooldownDuration: 0 });
    const error = await rejectionOf(jwtVerify(token, refetching, platformChecks()));
    expect(error.code).toBe('ERR_JWKS_NO_MATCHING_KEY');
  });
});

describe('unsigned', () => {
  it('alg is none with an empty signature, and openid-client refuses the token on alg', async () => {
    const { error, cause, idToken } = await refusedCodeFlow('fault-unsigned');
    expect(decodeProtectedHeader(idToken).alg).toBe('none');
    expect(idToken.split('.')).toHaveLength(3);
    expect(idToken.endsWith('.')).toBe(true);
    expect(UnsecuredJWT.decode(idToken).payload).toMatchObject({ iss: idp.issuer, aud: 'mock-client' });
    expect(error.code).toBe('OAUTH_INVALID_RESPONSE');
    expect(cause.message).toMatch(/"alg"/);
  });

  it('an envelope token is refused by jose (alg not allowed)', async () => {
    const token = await envelopeToken(idp.url, { persona: 'fault-unsigned', client_id: 'mock-client' });
    expect(decodeProtectedHeader(token).alg).toBe('none');
    const error = await rejectionOf(jwtVerify(token, jwks, platformChecks()));
    expect(error.code).toBe('ERR_JOSE_ALG_NOT_ALLOWED');
  });
});

describe('missing_claim:sub', () => {
  it('the token has no sub, is otherwise properly signed, and openid-client refuses it', async () => {
    const { error, cause, idToken } = await refusedCodeFlow('fault-missing-claim-sub');
    const claims = decodeJwt(idToken);
    expect(claims).not.toHaveProperty('sub');
    expect(claims).toMatchObject({ iss: idp.issuer, aud: 'mock-client' });
    await expect(
      jwtVerify(idToken, jwks, { issuer: idp.issuer, audience: 'mock-client' }),
    ).resolves.toBeTruthy();
    expect(error.code).toBe('OAUTH_INVALID_RESPONSE');
    expect(cause.message).toMatch(/"sub" \(subject\) claim missing/);
  });

  it('an envelope token is refused by jose: missing required sub', async () => {
    const token = await envelopeToken(idp.url, {
      persona: 'fault-missing-claim-sub',
      client_id: 'mock-client',
    });
    const error = await rejectionOf(jwtVerify(token, jwks, platformChecks()));
    expect(error.code).toBe('ERR_JWT_CLAIM_VALIDATION_FAILED');
    expect(error).toMatchObject({ claim: 'sub', reason: 'missing' });
  });
});

describe('missing_claim:<name> for other claims (client mock_faults)', () => {
  it.each(['iss', 'aud', 'exp', 'iat'])(
    'missing_claim:%s: absent, and jose refuses the token for it',
    async (claim) => {
      const { client_id } = await register(idp.url, {
        redirect_uris: ['https://rp.example.test/callback'],
        mock_faults: [`missing_claim:${claim}`],
      });
      const token = await envelopeToken(idp.url, { persona: 'persona-1', client_id, nonce: 'n-1' });
      const claims = decodeJwt(token);
      expect(claims).not.toHaveProperty(claim);
      expect(claims).toMatchObject({ sub: personaSub('persona-1'), nonce: 'n-1' });
      const error = await rejectionOf(jwtVerify(token, jwks, platformChecks(client_id)));
      expect(error.code).toBe('ERR_JWT_CLAIM_VALIDATION_FAILED');
      expect(error).toMatchObject({ claim, reason: 'missing' });
    },
  );

  it.each(['nonce', 'email', 'lp_sdes'])(
    'missing_claim:%s: absent, everything else intact',
    async (claim) => {
      const { client_id } = await register(idp.url, {
        redirect_uris: ['https://rp.example.test/callback'],
        mock_faults: [`missing_claim:${claim}`],
      });
      const token = await envelopeToken(idp.url, { persona: 'persona-1', client_id, nonce: 'n-1' });
      const { payload } = await jwtVerify(token, jwks, platformChecks(client_id));
      expect(payload).not.toHaveProperty(claim);
      expect(payload.sub).toBe(personaSub('persona-1'));
    },
  );
});

describe('wrong_nonce', () => {
  it('the nonce is not the one sent, and openid-client (expectedNonce) refuses the token', async () => {
    const { error, cause, idToken } = await refusedCodeFlow('fault-wrong-nonce');
    const claims = decodeJwt(idToken);
    expect(claims.nonce).toEqual(expect.any(String));
    expect(error.code).toBe('OAUTH_JWT_CLAIM_COMPARISON_FAILED');
    expect(cause.message).toMatch(/"nonce"/);
    expect((cause.cause as { expected: string }).expected).not.toBe(claims.nonce);
  });

  it('an envelope token carries another nonce than the one asked for', async () => {
    const token = await envelopeToken(idp.url, {
      persona: 'fault-wrong-nonce',
      client_id: 'mock-client',
      nonce: 'nonce-from-the-platform',
    });
    const { payload } = await jwtVerify(token, jwks, platformChecks());
    expect(payload.nonce).toEqual(expect.any(String));
    expect(payload.nonce).not.toBe('nonce-from-the-platform');
  });
});

describe('email_unverified', () => {
  // No library judges email_verified: the RP must not take the email as the identity. The raw token shows it.
  it('email_verified is false while the email is still there (Code Flow)', async () => {
    const { idToken } = await acceptedCodeFlow('fault-email-unverified');
    const claims = decodeJwt(idToken);
    expect(claims.email_verified).toBe(false);
    expect(claims.email).toBe(idp.personas.find((p) => p.id === 'fault-email-unverified')?.email);
  });

  it('the same in an envelope token', async () => {
    const token = await envelopeToken(idp.url, {
      persona: 'fault-email-unverified',
      client_id: 'mock-client',
    });
    expect((await jwtVerify(token, jwks, platformChecks())).payload.email_verified).toBe(false);
    const normal = await envelopeToken(idp.url, { persona: 'persona-1', client_id: 'mock-client' });
    expect(decodeJwt(normal).email_verified).toBe(true);
  });
});

describe('wrong_encryption_key', () => {
  const redirectUri = 'https://liveperson.example.test/callback';
  let platform: PlatformKeyPair;
  beforeAll(async () => {
    platform = await platformKeys();
  });

  /** A client registered with the platform's public key, as the chat platform registers. */
  function encryptingClient(extra: Record<string, unknown> = {}) {
    return register(idp.url, {
      redirect_uris: [redirectUri],
      jwks: { keys: platform.publicJwks.keys.map(({ alg: _, ...key }) => key) },
      id_token_encrypted_response_alg: 'RSA-OAEP-256',
      id_token_encrypted_response_enc: 'A256GCM',
      ...extra,
    });
  }

  async function decrypt(token: string): Promise<string> {
    const { plaintext } = await compactDecrypt(token, await decryptionKey(platform, 'RSA-OAEP-256'));
    return new TextDecoder().decode(plaintext);
  }

  it('control: without the fault, the platform key decrypts the token', async () => {
    const { client_id } = await encryptingClient();
    const token = await envelopeToken(idp.url, { persona: 'persona-1', client_id });
    const { payload } = await jwtVerify(await decrypt(token), jwks, platformChecks(client_id));
    expect(payload.sub).toBe(personaSub('persona-1'));
  });

  it('mock_faults: a JWE shaped as registered (platform kid) that the platform key cannot decrypt', async () => {
    const { client_id } = await encryptingClient({ mock_faults: ['wrong_encryption_key'] });
    const token = await envelopeToken(idp.url, { persona: 'persona-1', client_id });
    expect(token.split('.')).toHaveLength(5);
    expect(decodeProtectedHeader(token)).toMatchObject({
      alg: 'RSA-OAEP-256',
      enc: 'A256GCM',
      cty: 'JWT',
      kid: platform.kid,
    });
    const error = await rejectionOf(decrypt(token));
    expect(error.code).toBe('ERR_JWE_DECRYPTION_FAILED');
  });

  it('in the Code Flow, openid-client with the platform key fails to decrypt', async () => {
    const { client_id, client_secret } = await encryptingClient({ mock_faults: ['wrong_encryption_key'] });
    const config = await discoverRp(idp.issuer, client_id, client_secret);
    client.enableDecryptingResponses(config, ['A256GCM'], {
      key: await decryptionKey(platform, 'RSA-OAEP-256'),
      kid: platform.kid,
    });
    const responses = captureTokenResponses(config);
    const error = await rejectionOf(codeFlow(config, redirectUri, 'persona-1'));
    expect(error.message).toMatch(/decrypt/i);
    const idToken = responses[0]?.id_token as string;
    expect(decodeProtectedHeader(idToken).kid).toBe(platform.kid);
    await expect(decrypt(idToken)).rejects.toMatchObject({ code: 'ERR_JWE_DECRYPTION_FAILED' });
  });

  it('the persona fault-wrong-encryption-key does the same for a client without the fault', async () => {
    const { client_id } = await encryptingClient();
    const token = await envelopeToken(idp.url, { persona: 'fault-wrong-encryption-key', client_id });
    expect(decodeProtectedHeader(token).kid).toBe(platform.kid);
    await expect(decrypt(token)).rejects.toMatchObject({ code: 'ERR_JWE_DECRYPTION_FAILED' });
  });

  it('to a client that asked for no encryption, it is a JWE openid-client cannot take either', async () => {
    const { error, idToken } = await refusedCodeFlow('fault-wrong-encryption-key');
    expect(idToken.split('.')).toHaveLength(5);
    expect(error.code).toBe('OAUTH_UNSUPPORTED_OPERATION');
  });
});

describe('malformed', () => {
  it('the id_token is no JWT at all, and openid-client refuses it', async () => {
    const { error, cause, idToken } = await refusedCodeFlow('fault-malformed');
    expect(idToken).toEqual(expect.any(String));
    expect(idToken.length).toBeGreaterThan(0);
    expect(idToken.split('.')).not.toHaveLength(3);
    expect(() => decodeJwt(idToken)).toThrow();
    expect(error.code).toBe('OAUTH_INVALID_RESPONSE');
    expect(cause.message).toMatch(/Invalid JWT/);
  });

  it('an envelope token is refused by jose as an invalid JWS', async () => {
    const token = await envelopeToken(idp.url, { persona: 'fault-malformed', client_id: 'mock-client' });
    const error = await rejectionOf(jwtVerify(token, jwks, platformChecks()));
    expect(error.code).toBe('ERR_JWS_INVALID');
  });
});

describe('token faults act on every kind of ID token', () => {
  it('the Implicit Flow (response_type=id_token) carries the persona fault too', async () => {
    const redirectUri = 'https://liveperson.example.test/popup';
    const { client_id, client_secret } = await register(idp.url, {
      redirect_uris: [redirectUri],
      response_types: ['id_token'],
      grant_types: ['implicit'],
    });
    const config = await discoverRp(idp.issuer, client_id, client_secret);
    client.useIdTokenResponseType(config);
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid email',
      login_hint: 'fault-expired',
      nonce,
      state: 'popup',
    });
    const { location } = await authorize(url);
    const idToken = new URLSearchParams(location?.hash.slice(1)).get('id_token') as string;
    expect(decodeJwt(idToken).exp).toBeLessThanOrEqual(nowSeconds() - TEN_MINUTES);
    const error = await rejectionOf(
      client.implicitAuthentication(config, location as URL, nonce, { expectedState: 'popup' }),
    );
    expect(error.code).toBe('OAUTH_JWT_TIMESTAMP_CHECK_FAILED');
  });
});
