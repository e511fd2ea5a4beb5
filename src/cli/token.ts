import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { JWK } from 'jose';
import { systemClock } from '../clock.js';
import { publicJwksFrom } from '../config/clients.js';
import { loadSetup, type Setup } from '../config/setup.js';
import { FaultBook } from '../faults/book.js';
import { loadOrCreateSigningKeys } from '../keys/signing-keys.js';
import { personaClaims } from '../personas/claims.js';
import { scenarioPersonas } from '../personas/from-scenario.js';
import { PersonaRegistry } from '../personas/registry.js';
import type { EncryptionTarget } from '../tokens/encrypt.js';
import { IdTokenIssuer } from '../tokens/issuer.js';
import { wholeNumber } from './numbers.js';
import { configuredBaseUrl } from './scenario-args.js';
import { UsageError } from './usage-error.js';

const usage =
  'usage: mock-idp token --persona ID [--client ID] [--encrypt-to JWKS_FILE|URL] [--ttl S] [--nonce N] [--scenario X] [--issuer URL]';

async function readKeySource(source: string): Promise<string> {
  if (/^https?:\/\//.test(source)) {
    const response = await fetch(source, { signal: AbortSignal.timeout(10_000) }).catch((error: Error) => {
      throw new UsageError(`--encrypt-to: cannot fetch ${source}: ${error.message}`);
    });
    if (!response.ok) throw new UsageError(`--encrypt-to: ${source} answered HTTP ${response.status}`);
    return response.text();
  }
  return readFile(resolve(source), 'utf8').catch((error: Error) => {
    throw new UsageError(`--encrypt-to: cannot read ${source}: ${error.message}`);
  });
}

/** The first RSA key meant for encryption (or for no use in particular) in a PEM, JWK or JWKS. */
async function encryptionKeyFrom(source: string): Promise<JWK> {
  const text = await readKeySource(source);
  const keys = await publicJwksFrom(text).catch((error: Error) => {
    throw new UsageError(`--encrypt-to: ${source} is not an RSA public key, JWK or JWKS: ${error.message}`);
  });
  const key = keys.find((k) => k.kty === 'RSA' && (k.use === undefined || k.use === 'enc'));
  if (!key) throw new UsageError(`--encrypt-to: ${source} has no RSA key for encryption`);
  return key;
}

function recipientAlgorithms(setup: Setup, clientId: string) {
  const client = setup.clients.find((c) => c.client_id === clientId);
  return {
    alg: client?.id_token_encrypted_response_alg ?? setup.scenario.encryption.alg,
    enc: client?.id_token_encrypted_response_enc ?? setup.scenario.encryption.enc,
  };
}

/** Encrypt to `--encrypt-to`, else to the key a scenario client registered, else not at all. */
async function recipient(
  setup: Setup,
  clientId: string,
  encryptTo: string | undefined,
): Promise<EncryptionTarget | undefined> {
  const client = setup.clients.find((c) => c.client_id === clientId);
  const registered = client?.id_token_encrypted_response_alg ? client.jwks?.keys[0] : undefined;
  if (encryptTo === undefined && registered === undefined) return undefined;
  const key = encryptTo === undefined ? (registered as JWK) : await encryptionKeyFrom(encryptTo);
  return { key, ...recipientAlgorithms(setup, clientId) };
}

/**
 * `mock-idp token`: prints one envelope ID token for a persona, without a server, signed with the keys
 * `mock-idp start` uses from this working directory, so it verifies against that server's JWKS.
 */
export async function runToken(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      persona: { type: 'string' },
      client: { type: 'string', default: 'mock-client' },
      'encrypt-to': { type: 'string' },
      ttl: { type: 'string' },
      nonce: { type: 'string' },
      scenario: { type: 'string' },
      issuer: { type: 'string' },
      config: { type: 'string' },
      keys: { type: 'string' },
    },
  });
  if (values.persona === undefined) throw new UsageError(usage);
  const ttl = values.ttl === undefined ? undefined : wholeNumber(values.ttl, '--ttl', 1, 86_400);
  const setup = await loadSetup({ scenario: values.scenario, configFile: values.config });
  const personas = new PersonaRegistry(setup.scenario.seed, scenarioPersonas(setup.scenario));
  const persona = await personas.resolveHint(values.persona);
  if (!persona)
    throw new UsageError(`no persona "${values.persona}"; known ids: ${personas.ids().join(', ')}`);
  const client = setup.clients.find((c) => c.client_id === values.client);
  if (!client) {
    throw new UsageError(
      `no client "${values.client}"; known: ${setup.clients.map((c) => c.client_id).join(', ')}`,
    );
  }
  const keys = await loadOrCreateSigningKeys(resolve(values.keys ?? setup.config.keys.file));
  const issuer = (values.issuer ?? configuredBaseUrl(setup)).replace(/\/$/, '');
  // The scenario's persona and client faults apply here as on the server (runtime faults need a server).
  const faults = new FaultBook(
    (sub) => personas.bySub(sub)?.faults ?? [],
    async (clientId) => setup.clients.find((c) => c.client_id === clientId)?.mock_faults ?? [],
  );
  const idTokens = new IdTokenIssuer({
    issuer,
    keys,
    clock: systemClock,
    lifetimeSeconds: setup.scenario.lifetimes.id_token,
    faults,
  });
  const claims = personaClaims(persona, issuer, 'id_token', {
    now: systemClock.now(),
    lpSdes: client.lp_sdes ?? setup.scenario.lp_sdes,
  });
  const encryptTo = await recipient(setup, client.client_id, values['encrypt-to']);
  const token = await idTokens.issue(
    { ...claims, nonce: values.nonce },
    { clientId: client.client_id, ttl, encryptTo },
  );
  process.stdout.write(`${token}\n`);
}
