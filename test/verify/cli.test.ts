import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportSPKI, importJWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlatformKeyPair } from '../../src/keys/platform-key-pair.js';
import type { RunningIdp } from '../../src/server/start.js';
import { checkIds } from '../../src/verify/checks.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { defaultClient, startTestIdp } from '../helpers/idp.js';
import { platformKeys, postJson, register } from '../helpers/platform.js';
import { brandClaims, codeFrom, foreignKey, idTokenFrom, privateKeyForms, signWith } from './support.js';

// Runs the built CLI (npm run build first), against our IdP started in this process on 127.0.0.1.
let idp: RunningIdp;
beforeAll(async () => {
  idp = await startTestIdp();
});
afterAll(() => idp?.stop());

const verify = (args: string[], cwd?: string) => runCli(['verify', ...args], cwd);

describe('mock-idp verify', () => {
  it('prints a checklist and exits 0 for a good ID token', async () => {
    const jwt = await idTokenFrom(idp, 'persona-1', { nonce: 'n-1' });
    const result = await verify([
      '--jwt',
      jwt,
      '--issuer',
      idp.url,
      '--client-id',
      'mock-client',
      '--nonce',
      'n-1',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe(`mock-idp verify: an ID token, issuer ${idp.url}`);
    expect(lines.slice(1, 14).map((line) => line.split(/\s+/).slice(0, 2).join(' '))).toEqual(
      checkIds.map((id) => `${['code_exchange', 'decrypt'].includes(id) ? 'SKIP' : 'PASS'} ${id}`),
    );
    expect(result.stdout).toMatch(/\nOK \(0 failed, 0 warning\(s\), 11 passed, 2 skipped\)\n$/);
    expect(result.stdout).not.toContain('\u001b');
  });

  it('exits 1 and prints expected, found and fix for a failing token', async () => {
    const result = await verify(['--jwt', await idTokenFrom(idp, 'fault-expired'), '--issuer', idp.url]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /FAIL {2}exp\n +expected exp after now .*\n +found {4}expired: .*\n +fix {6}hand over a fresh token/,
    );
    expect(result.stdout).toMatch(/\nFAILED \(1 failed/);
  });

  it('--json prints exactly { ok, checks }, also on failure', async () => {
    const result = await verify([
      '--jwt',
      await idTokenFrom(idp, 'fault-bad-signature'),
      '--issuer',
      idp.url,
      '--json',
    ]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(Object.keys(report)).toEqual(['ok', 'checks']);
    expect(report.ok).toBe(false);
    expect(report.checks.map((c: { id: string }) => c.id)).toEqual([...checkIds]);
    expect(report.checks[3]).toMatchObject({
      id: 'signature',
      status: 'fail',
      expected: expect.any(String),
      found: expect.any(String),
      fix: expect.any(String),
    });
  });

  it('redeems a code with --redirect-uri and --auth-method', async () => {
    const client = await register(idp.url, {
      redirect_uris: ['https://brand.example/cb'],
      token_endpoint_auth_method: 'client_secret_post',
    });
    const code = await codeFrom(idp, {
      client_id: client.client_id,
      redirect_uri: 'https://brand.example/cb',
    });
    const result = await verify([
      '--code',
      code,
      '--issuer',
      idp.url,
      '--client-id',
      client.client_id,
      '--client-secret',
      client.client_secret,
      '--redirect-uri',
      'https://brand.example/cb',
      '--auth-method',
      'client_secret_post',
      '--json',
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).checks[1]).toMatchObject({ id: 'code_exchange', status: 'pass' });
  });

  it('exits 1 for a code the token endpoint refuses (redirect_uri defaults to https://liveperson.net)', async () => {
    const code = await codeFrom(idp, { client_id: 'mock-client' });
    const result = await verify([
      '--code',
      code,
      '--issuer',
      idp.url,
      '--client-id',
      'mock-client',
      '--client-secret',
      defaultClient.client_secret,
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/FAIL {2}code_exchange\n.*\n +found {4}HTTP 400/);
  });

  it.each(['pkcs1', 'jwks'] as const)('--decrypt-key takes a %s file', async (form) => {
    const platform: PlatformKeyPair = await platformKeys();
    const client = await register(idp.url, {
      redirect_uris: ['https://liveperson.net'],
      jwks: platform.publicJwks,
      id_token_encrypted_response_alg: 'RSA-OAEP-256',
    });
    const { body } = await postJson(`${idp.url}/api/jwt`, {
      persona: 'persona-2',
      client_id: client.client_id,
    });
    const cwd = tempDir();
    writeFileSync(join(cwd, 'platform.key'), privateKeyForms(platform)[form]);
    const result = await verify(
      ['--jwt', body.id_token, '--issuer', idp.url, '--decrypt-key', 'platform.key'],
      cwd,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/PASS {2}decrypt {8}decrypted: alg RSA-OAEP-256/);
  });

  it('--jwks FILE with the one-line key from the connector verifies a foreign IdP token without any network', async () => {
    const key = await foreignKey();
    const spki = await exportSPKI((await importJWK(key.publicJwk, 'RS256')) as CryptoKey);
    const cwd = tempDir();
    writeFileSync(join(cwd, 'connector.txt'), spki.replace(/-----[A-Z ]+-----|\s/g, ''));
    const jwt = await signWith(key, brandClaims('https://brand.example', 'lp'), { typ: 'JWT' });
    const result = await verify(
      [
        '--jwt',
        jwt,
        '--issuer',
        'https://brand.example',
        '--jwks',
        'connector.txt',
        '--client-id',
        'lp',
        '--json',
      ],
      cwd,
    );
    expect(result.code).toBe(0);
    const statuses = Object.fromEntries(
      JSON.parse(result.stdout).checks.map((c: { id: string; status: string }) => [c.id, c.status]),
    );
    expect(statuses).toMatchObject({
      discovery: 'skip',
      signature: 'pass',
      iss: 'pass',
      aud: 'pass',
      google_shape: 'warn',
    });
  });

  it('--strict turns warnings into failures', async () => {
    const jwt = await idTokenFrom(idp, 'fault-wrong-azp');
    expect((await verify(['--jwt', jwt, '--issuer', idp.url, '--client-id', 'mock-client'])).code).toBe(0);
    const strict = await verify([
      '--jwt',
      jwt,
      '--issuer',
      idp.url,
      '--client-id',
      'mock-client',
      '--strict',
    ]);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/FAIL {2}azp/);
  });

  it('--expected-iss checks a Google-impersonating token', async () => {
    const google = await startTestIdp({ impersonateGoogle: true });
    try {
      const jwt = await idTokenFrom(google, 'persona-1');
      const result = await verify([
        '--jwt',
        jwt,
        '--issuer',
        google.url,
        '--expected-iss',
        'https://accounts.google.com',
      ]);
      expect(result.code).toBe(0);
    } finally {
      await google.stop();
    }
  });
});

describe('mock-idp verify: bad arguments, one line, exit 2', () => {
  const cwd = tempDir();
  writeFileSync(join(cwd, 'public.pem'), '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n');
  writeFileSync(join(cwd, 'garbage.txt'), 'hello');
  const jwt = ['--jwt', 'a.b.c', '--issuer', 'http://127.0.0.1:9'];

  it.each([
    [[], /^mock-idp: give exactly one of --code and --jwt \(usage: mock-idp verify --code CODE/],
    [['--code', 'c', ...jwt], /^mock-idp: give exactly one of --code and --jwt/],
    [['--jwt', 'a.b.c'], /^mock-idp: --issuer is required with --jwt/],
    [
      ['--code', 'c', '--issuer', 'http://x.test', '--client-id', 'a'],
      /^mock-idp: --client-secret is required with --code/,
    ],
    [
      ['--code', 'c', '--issuer', 'http://x.test', '--client-secret', 's'],
      /^mock-idp: --client-id is required with --code/,
    ],
    [['--jwt', 'a.b.c', '--issuer', 'idp.example'], /^mock-idp: --issuer must be an http\(s\) URL/],
    [[...jwt, '--client-secret', 's'], /^mock-idp: --client-secret goes with --code, not --jwt$/],
    [[...jwt, '--code-verifier', 'v'], /^mock-idp: --code-verifier goes with --code, not --jwt$/],
    [
      [
        '--code',
        'c',
        '--issuer',
        'http://x.test',
        '--client-id',
        'a',
        '--client-secret',
        's',
        '--auth-method',
        'basic',
      ],
      /^mock-idp: --auth-method must be one of client_secret_basic, client_secret_post, found "basic"$/,
    ],
    [[...jwt, '--leeway', 'soon'], /^mock-idp: --leeway must be a whole number from 0 to 86400/],
    [[...jwt, '--decrypt-key', 'missing.pem'], /^mock-idp: --decrypt-key: cannot read missing\.pem/],
    [
      [...jwt, '--decrypt-key', 'public.pem'],
      /^mock-idp: --decrypt-key: public\.pem: no private key in the PEM \(found PUBLIC KEY\)/,
    ],
    [[...jwt, '--jwks', 'garbage.txt'], /^mock-idp: --jwks: garbage\.txt: neither JSON/],
    [[...jwt, '--jwt-file', 'x'], /^mock-idp: Unknown option '--jwt-file'.*\(usage: mock-idp verify/],
    [['--jwt', ' ', '--issuer', 'http://x.test'], /^mock-idp: --jwt must not be empty$/],
  ])('%j', async (args, message) => {
    const result = await verify(args, cwd);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr.trim()).toMatch(message);
  });
});
