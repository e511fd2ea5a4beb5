import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compactDecrypt, createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { encryptionAlgs, encryptionEncs } from '../../src/tokens/encrypt.js';
import { runCli, startCli, tempDir, urlOf } from '../helpers/cli.js';
import { decryptionKey, platformKeys } from '../helpers/platform.js';

describe('mock-idp token', () => {
  it('prints an ID token that verifies against the JWKS of mock-idp start from the same directory', async () => {
    const cwd = tempDir();
    const result = await runCli(['token', '--persona', 'persona-1', '--nonce', 'n'], cwd);
    expect(result.code).toBe(0);
    const token = result.stdout.trim();
    const server = await startCli(['--port', '0'], cwd);
    const jwks = await (await fetch(`${urlOf(server.readyLine)}/oauth2/v3/certs`)).json();
    await server.stop();
    const { payload } = await jwtVerify(token, createLocalJWKSet(jwks), {
      issuer: 'http://127.0.0.1:9400',
      audience: 'mock-client',
    });
    expect(payload).toMatchObject({ nonce: 'n', azp: 'mock-client' });
    expect(payload.lp_sdes).toHaveLength(2);
  });

  it('--ttl and --issuer', async () => {
    const result = await runCli([
      'token',
      '--persona',
      'persona-2',
      '--ttl',
      '60',
      '--issuer',
      'https://idp.example.test',
    ]);
    const payload = JSON.parse(Buffer.from(result.stdout.split('.')[1] as string, 'base64url').toString());
    expect(payload.iss).toBe('https://idp.example.test');
    expect(payload.exp - payload.iat).toBe(60);
  });

  it.each(encryptionAlgs.flatMap((alg) => encryptionEncs.map((enc) => [alg, enc] as const)))(
    '--encrypt-to a JWKS file, %s / %s from the scenario',
    async (alg, enc) => {
      const cwd = tempDir();
      const platform = await platformKeys();
      const { alg: _, ...key } = platform.publicJwk;
      writeFileSync(join(cwd, 'platform.jwks.json'), JSON.stringify({ keys: [key] }));
      writeFileSync(
        join(cwd, 'scenario.yaml'),
        `description: encryption test\npersonas: { count: 1 }\nencryption: { alg: ${alg}, enc: ${enc} }\n`,
      );
      const result = await runCli(
        [
          'token',
          '--persona',
          'persona-1',
          '--encrypt-to',
          'platform.jwks.json',
          '--scenario',
          'scenario.yaml',
        ],
        cwd,
      );
      const token = result.stdout.trim();
      expect(decodeProtectedHeader(token)).toEqual({ alg, enc, cty: 'JWT', kid: 'lpsso2026' });
      const { plaintext } = await compactDecrypt(token, await decryptionKey(platform, alg));
      expect(new TextDecoder().decode(plaintext).split('.')).toHaveLength(3);
    },
  );

  it.each([
    [['token'], /^mock-idp: usage: mock-idp token --persona ID/],
    [['token', '--persona', 'nobody'], /^mock-idp: no persona "nobody"; known ids: persona-1/],
    [
      ['token', '--persona', 'persona-1', '--client', 'nobody'],
      /^mock-idp: no client "nobody"; known: mock-client$/,
    ],
    [
      ['token', '--persona', 'persona-1', '--encrypt-to', 'missing.json'],
      /^mock-idp: --encrypt-to: cannot read missing\.json/,
    ],
    [
      ['token', '--persona', 'persona-1', '--ttl', 'soon'],
      /^mock-idp: --ttl must be a whole number from 1 to 86400/,
    ],
  ])('%j: one line, exit 2', async (args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});
