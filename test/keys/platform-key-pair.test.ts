import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CompactEncrypt, compactDecrypt, importJWK, importPKCS8, importSPKI } from 'jose';
import { describe, expect, it } from 'vitest';
import { KeyFileError } from '../../src/keys/key-file-error.js';
import {
  defaultPlatformKid,
  generatePlatformKeyPair,
  platformKeyFiles,
  writePlatformKeyPair,
} from '../../src/keys/platform-key-pair.js';
import { tempDir } from '../helpers/cli.js';

const alg = 'RSA-OAEP-256';
const enc = 'A256GCM';

describe('generatePlatformKeyPair', () => {
  it('makes an RSA-2048 RSA-OAEP-256 encryption key in every form', async () => {
    const pair = await generatePlatformKeyPair('lpsso2026');
    expect(pair.kid).toBe('lpsso2026');
    expect(pair.privateJwk).toMatchObject({ kty: 'RSA', use: 'enc', alg, kid: 'lpsso2026' });
    expect(pair.privateJwk.d).toBeTypeOf('string');
    expect(pair.publicJwk).toEqual({
      kty: 'RSA',
      use: 'enc',
      alg,
      kid: 'lpsso2026',
      n: pair.privateJwk.n,
      e: pair.privateJwk.e,
    });
    expect(Buffer.from(pair.publicJwk.n as string, 'base64url')).toHaveLength(256);
    expect(pair.publicJwks).toEqual({ keys: [pair.publicJwk] });
    expect(pair.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(pair.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
  });

  it('the PEMs are the same key as the JWKs: encrypt to the SPKI, decrypt with the PKCS#8', async () => {
    const pair = await generatePlatformKeyPair();
    const jwe = await new CompactEncrypt(new TextEncoder().encode('hello'))
      .setProtectedHeader({ alg, enc })
      .encrypt(await importSPKI(pair.publicKeyPem, alg));
    const { plaintext } = await compactDecrypt(jwe, await importPKCS8(pair.privateKeyPem, alg));
    expect(new TextDecoder().decode(plaintext)).toBe('hello');
    const viaJwk = await compactDecrypt(jwe, await importJWK(pair.privateJwk, alg));
    expect(new TextDecoder().decode(viaJwk.plaintext)).toBe('hello');
  });

  it('defaults the kid to platform-<year>-<8 hex>, different each time', async () => {
    expect(defaultPlatformKid(new Date('2026-03-01T00:00:00Z'))).toMatch(/^platform-2026-[0-9a-f]{8}$/);
    const [a, b] = await Promise.all([generatePlatformKeyPair(), generatePlatformKeyPair()]);
    expect(a?.kid).toMatch(/^platform-\d{4}-[0-9a-f]{8}$/);
    expect(a?.kid).not.toBe(b?.kid);
  });
});

describe('writePlatformKeyPair', () => {
  it('creates the directory and writes the four files, the private ones mode 0600', async () => {
    const dir = join(tempDir(), 'a', 'b');
    const pair = await generatePlatformKeyPair();
    const paths = await writePlatformKeyPair(dir, pair);
    expect(paths).toEqual({
      privateJwk: join(dir, 'platform-private.jwk.json'),
      privateKeyPem: join(dir, 'platform-private.pem'),
      publicJwks: join(dir, 'platform-public.jwks.json'),
      publicKeyPem: join(dir, 'platform-public.pem'),
    });
    expect(JSON.parse(readFileSync(paths.privateJwk, 'utf8'))).toEqual(pair.privateJwk);
    expect(JSON.parse(readFileSync(paths.publicJwks, 'utf8'))).toEqual(pair.publicJwks);
    expect(readFileSync(paths.privateKeyPem, 'utf8')).toBe(`${pair.privateKeyPem}\n`);
    expect(readFileSync(paths.publicKeyPem, 'utf8')).toBe(`${pair.publicKeyPem}\n`);
    expect(statSync(paths.privateJwk).mode & 0o777).toBe(0o600);
    expect(statSync(paths.privateKeyPem).mode & 0o777).toBe(0o600);
    expect(statSync(paths.publicJwks).mode & 0o077).toBe(0o044 & ~process.umask());
  });

  it('refuses to overwrite any existing file, names it, and writes nothing', async () => {
    const dir = tempDir();
    const existing = join(dir, platformKeyFiles.publicKeyPem);
    writeFileSync(existing, 'keep me');
    const error = await writePlatformKeyPair(dir, await generatePlatformKeyPair()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeyFileError);
    expect((error as Error).message).toBe(
      `${existing} already exists: not overwriting it (move it away or choose another directory)`,
    );
    expect(readFileSync(existing, 'utf8')).toBe('keep me');
    expect(() => statSync(join(dir, platformKeyFiles.privateJwk))).toThrow();
  });

  it('a file where the directory should be is a KeyFileError', async () => {
    const parent = tempDir();
    mkdirSync(join(parent, 'sub'));
    const blocker = join(parent, 'sub', 'file');
    writeFileSync(blocker, '');
    await expect(writePlatformKeyPair(join(blocker, 'dir'), await generatePlatformKeyPair())).rejects.toThrow(
      KeyFileError,
    );
  });
});
