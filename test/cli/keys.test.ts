import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CompactEncrypt,
  compactDecrypt,
  exportJWK,
  importJWK,
  importPKCS8,
  importSPKI,
  type JWK,
} from 'jose';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

const alg = 'RSA-OAEP-256';
const enc = 'A256GCM';
const files = [
  'platform-private.jwk.json',
  'platform-private.pem',
  'platform-public.jwks.json',
  'platform-public.pem',
];

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

function pemOf(line: string): string {
  return `-----BEGIN PUBLIC KEY-----\n${line.match(/.{1,64}/g)?.join('\n')}\n-----END PUBLIC KEY-----\n`;
}

describe('mock-idp keys generate', () => {
  it('writes the pair into .mock-idp/platform and says how to register the public key', async () => {
    const cwd = tempDir();
    const result = await runCli(['keys', 'generate'], cwd);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const dir = join(cwd, '.mock-idp/platform');
    for (const file of files) expect(existsSync(join(dir, file))).toBe(true);
    expect(statSync(join(dir, 'platform-private.jwk.json')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'platform-private.pem')).mode & 0o777).toBe(0o600);

    const jwks = readJson<{ keys: JWK[] }>(join(dir, 'platform-public.jwks.json'));
    const kid = jwks.keys[0]?.kid as string;
    expect(kid).toMatch(/^platform-\d{4}-[0-9a-f]{8}$/);
    expect(result.stdout).toContain(`kid ${kid}) to .mock-idp/platform:`);
    for (const file of files) expect(result.stdout).toContain(`.mock-idp/platform/${file}`);
    expect(result.stdout).toContain('id_token_encrypted_response_alg: RSA-OAEP-256');
    expect(result.stdout).toContain('id_token_encrypted_response_enc: A256GCM');
    expect(result.stdout).toContain(`jwks: ${JSON.stringify(jwks)}`);
    const body = /-d '(\{.*\})'/.exec(result.stdout)?.[1] as string;
    expect(JSON.parse(body)).toMatchObject({
      id_token_encrypted_response_alg: alg,
      id_token_encrypted_response_enc: enc,
      jwks,
    });
    expect(result.stdout).toContain('http://127.0.0.1:9400/register');
  });

  it('the private key decrypts a JWE made to the public JWK (RSA-OAEP-256, A256GCM)', async () => {
    const cwd = tempDir();
    const result = await runCli(['keys', 'generate', '--out', 'lp', '--kid', 'lpsso2026'], cwd);
    expect(result.code).toBe(0);
    const publicJwk = readJson<{ keys: JWK[] }>(join(cwd, 'lp/platform-public.jwks.json')).keys[0] as JWK;
    expect(publicJwk).toMatchObject({ kid: 'lpsso2026', use: 'enc', alg });
    expect(publicJwk).not.toHaveProperty('d');
    const jwe = await new CompactEncrypt(new TextEncoder().encode('signed.id.token'))
      .setProtectedHeader({ alg, enc, kid: publicJwk.kid, cty: 'JWT' })
      .encrypt(await importJWK(publicJwk, alg));

    const privateJwk = readJson<JWK>(join(cwd, 'lp/platform-private.jwk.json'));
    const fromJwk = await compactDecrypt(jwe, await importJWK(privateJwk, alg));
    expect(new TextDecoder().decode(fromJwk.plaintext)).toBe('signed.id.token');
    expect(fromJwk.protectedHeader).toMatchObject({ alg, enc, kid: 'lpsso2026' });

    const privatePem = readFileSync(join(cwd, 'lp/platform-private.pem'), 'utf8');
    const fromPem = await compactDecrypt(jwe, await importPKCS8(privatePem, alg));
    expect(new TextDecoder().decode(fromPem.plaintext)).toBe('signed.id.token');

    const publicPem = readFileSync(join(cwd, 'lp/platform-public.pem'), 'utf8');
    expect((await exportJWK(await importSPKI(publicPem, alg, { extractable: true }))).n).toBe(publicJwk.n);
  });

  it('refuses to overwrite: exit 2, one line naming the file, the old file kept', async () => {
    const cwd = tempDir();
    expect((await runCli(['keys', 'generate'], cwd)).code).toBe(0);
    const before = readFileSync(join(cwd, '.mock-idp/platform/platform-private.pem'), 'utf8');
    const again = await runCli(['keys', 'generate'], cwd);
    expect(again.code).toBe(2);
    expect(again.stdout).toBe('');
    expect(again.stderr.trim().split('\n')).toEqual([
      'mock-idp: .mock-idp/platform/platform-private.jwk.json already exists: not overwriting it (move it away or choose another directory)',
    ]);
    expect(readFileSync(join(cwd, '.mock-idp/platform/platform-private.pem'), 'utf8')).toBe(before);
  });

  it('bad flags are one usage line, exit 2', async () => {
    const unknown = await runCli(['keys', 'generate', '--format', 'pem']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim()).toMatch(
      /^mock-idp: Unknown option '--format'.* \(usage: mock-idp keys generate \[--out DIR\] \[--kid KID\]\)$/,
    );
    const kid = await runCli(['keys', 'generate', '--kid', 'has space']);
    expect(kid.code).toBe(2);
    expect(kid.stderr.trim()).toBe(
      'mock-idp: --kid must be 1 to 128 printable ASCII characters without spaces, found "has space"',
    );
  });
});

describe('mock-idp keys public', () => {
  it('--format spki-line prints the key that .mock-idp/keys.json in the cwd then holds', async () => {
    const cwd = tempDir();
    const result = await runCli(['keys', 'public', '--format', 'spki-line'], cwd);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^[A-Za-z0-9+/]+={0,2}\n$/);
    expect(result.stderr.trim()).toBe(
      `mock-idp: no signing keys in ${join(cwd, '.mock-idp/keys.json')} yet: created them (mock-idp start uses them)`,
    );
    const stored = readJson<{ keys: Array<{ jwk: JWK }> }>(join(cwd, '.mock-idp/keys.json')).keys[0]
      ?.jwk as JWK;
    const printed = await exportJWK(
      await importSPKI(pemOf(result.stdout.trim()), 'RS256', { extractable: true }),
    );
    expect(printed.n).toBe(stored.n);
    expect(printed.e).toBe(stored.e);

    const again = await runCli(['keys', 'public', '--format', 'spki-line'], cwd);
    expect(again.stdout).toBe(result.stdout);
    expect(again.stderr).toBe('');
  });

  it('prints the public JWKS by default, and PEM on request, of the --keys file', async () => {
    const cwd = tempDir();
    const jwks = await runCli(['keys', 'public', '--keys', 'custom/k.json'], cwd);
    expect(jwks.code).toBe(0);
    const stored = readJson<{ keys: Array<{ jwk: JWK }> }>(join(cwd, 'custom/k.json')).keys[0]?.jwk as JWK;
    const printed = JSON.parse(jwks.stdout) as { keys: JWK[] };
    expect(printed.keys).toEqual([
      { kty: 'RSA', alg: 'RS256', use: 'sig', kid: stored.kid, n: stored.n, e: stored.e },
    ]);
    const pem = await runCli(['keys', 'public', '--keys', 'custom/k.json', '--format', 'pem'], cwd);
    expect(pem.stdout).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n$/);
    expect((await exportJWK(await importSPKI(pem.stdout, 'RS256', { extractable: true }))).n).toBe(stored.n);
  });

  it("uses the config's keys.file", async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'idp.yaml'), 'keys:\n  file: state/signing.json\n');
    const result = await runCli(['keys', 'public', '--config', 'idp.yaml'], cwd);
    expect(result.code).toBe(0);
    expect(existsSync(join(cwd, 'state/signing.json'))).toBe(true);
    expect(existsSync(join(cwd, '.mock-idp/keys.json'))).toBe(false);
  });

  it('an unknown format exits 2 with one line naming the valid formats', async () => {
    const cwd = tempDir();
    const result = await runCli(['keys', 'public', '--format', 'der'], cwd);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('mock-idp: --format must be one of jwks, pem, spki-line, found "der"\n');
    expect(existsSync(join(cwd, '.mock-idp'))).toBe(false);
  });
});

describe('mock-idp keys', () => {
  it('an unknown or missing subcommand is one usage line, exit 2', async () => {
    const unknown = await runCli(['keys', 'rotate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      'mock-idp: unknown keys command "rotate": expected generate or public (see mock-idp --help)\n',
    );
    const none = await runCli(['keys']);
    expect(none.code).toBe(2);
    expect(none.stderr.trim().split('\n')).toHaveLength(1);
    expect(none.stderr).toMatch(/^mock-idp: usage: mock-idp keys generate .* \| mock-idp keys public /);
  });

  it('is in --help', async () => {
    const help = await runCli(['--help']);
    expect(help.stdout).toContain('mock-idp keys public [--format F]');
    expect(help.stdout).toContain('mock-idp keys generate [--out DIR]');
  });
});
