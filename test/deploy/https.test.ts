import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as client from 'openid-client';
import { Agent, fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningIdp } from '../../src/server/start.js';
import { runCli, startCli, tempDir } from '../helpers/cli.js';
import { defaultClient, startTestIdp } from '../helpers/idp.js';
import { discoverRp } from '../helpers/rp.js';

/** stderr and stdout are separate pipes: wait until stderr has said what the test looks for. */
async function stderrWith(cli: { stderr: () => string }, text: string): Promise<string> {
  for (let i = 0; i < 50 && !cli.stderr().includes(text); i += 1) await new Promise((r) => setTimeout(r, 20));
  return cli.stderr();
}

/** A fetch that trusts exactly this certificate: no global TLS switch is turned off. */
function trusting(cert: string): typeof fetch {
  const dispatcher = new Agent({ connect: { ca: cert } });
  return ((url: string | URL | Request, init?: RequestInit) =>
    undiciFetch(url as never, { ...(init as object), dispatcher } as never)) as unknown as typeof fetch;
}

let idp: RunningIdp;
let tlsFetch: typeof fetch;
beforeAll(async () => {
  idp = await startTestIdp({ https: true, keysFile: join(tempDir(), 'keys.json') });
  tlsFetch = trusting(idp.tls?.cert as string);
});
afterAll(() => idp.stop());

describe('--https', () => {
  it('serves HTTPS with a self-signed certificate for localhost, 127.0.0.1 and ::1; the issuer is https', async () => {
    expect(idp.issuer).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(idp.tls?.certFile).toMatch(/tls\/cert\.pem$/);
    expect(idp.tls?.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    await expect(fetch(`${idp.url}/.well-known/openid-configuration`)).rejects.toThrow();
  });

  it('a full Code Flow with openid-client over TLS, trusting the generated certificate', async () => {
    const config = await discoverRp(
      idp.issuer,
      defaultClient.client_id,
      defaultClient.client_secret,
      'client_secret_basic',
      tlsFetch,
    );
    expect(config.serverMetadata().token_endpoint).toBe(`${idp.url}/token`);
    const verifier = client.randomPKCECodeVerifier();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: defaultClient.redirect_uri,
      scope: 'openid email',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      login_hint: 'persona-1',
    });
    const response = await tlsFetch(url, { redirect: 'manual' });
    const location = new URL(response.headers.get('location') as string);
    const tokens = await client.authorizationCodeGrant(config, location, { pkceCodeVerifier: verifier });
    expect(tokens.claims()?.iss).toBe(idp.issuer);
    const userinfo = await client.fetchUserInfo(config, tokens.access_token, tokens.claims()?.sub as string);
    expect(userinfo.email).toBe(idp.personas[0]?.email);
  });
});

describe('HTTPS from the command line', () => {
  it('prints the certificate path and fingerprint, and reuses the certificate on the next start', async () => {
    const cwd = tempDir();
    const first = await startCli(['--port', '0', '--https'], cwd);
    expect(first.readyLine).toMatch(/^mock-idp ready: issuer https:\/\/127\.0\.0\.1:\d+$/);
    const line = /TLS certificate: (\S+) \(SHA-256 ([0-9A-F:]+)\)/.exec(
      await stderrWith(first, 'TLS certificate'),
    );
    expect(line?.[1]).toBe(join(cwd, '.mock-idp/tls/cert.pem'));
    await first.stop();
    const second = await startCli(['--port', '0', '--https'], cwd);
    expect(await stderrWith(second, 'TLS certificate')).toContain(line?.[2] as string);
    await second.stop();
  });

  it('--https-port serves HTTPS beside plain HTTP', async () => {
    const cli = await startCli(['--port', '0', '--https-port', '0']);
    const listening = /listening on (https:\/\/\S+) and (http:\/\/\S+),/.exec(
      await stderrWith(cli, 'listening on'),
    );
    expect(listening).not.toBeNull();
    const plain = await (await fetch(`${listening?.[2]}/.well-known/openid-configuration`)).json();
    expect(plain.issuer).toBe(listening?.[1]);
    await cli.stop();
  });

  it('--tls-cert and --tls-key use the given files', async () => {
    const cwd = tempDir();
    const made = await startCli(['--port', '0', '--https'], cwd);
    await made.stop();
    const cert = join(cwd, '.mock-idp/tls/cert.pem');
    const cli = await startCli(
      ['--port', '0', '--tls-cert', cert, '--tls-key', join(cwd, '.mock-idp/tls/key.pem')],
      tempDir(),
    );
    expect(await stderrWith(cli, 'TLS certificate')).toContain(`TLS certificate: ${cert}`);
    const url = /issuer (\S+)$/.exec(cli.readyLine)?.[1];
    const served = await trusting(readFileSync(cert, 'utf8'))(`${url}/.well-known/openid-configuration`);
    expect(served.status).toBe(200);
    await cli.stop();
  });

  it.each([
    [['start', '--tls-cert', 'x.pem'], /^mock-idp: --tls-cert and --tls-key go together/],
    [
      ['start', '--tls-cert', 'missing.pem', '--tls-key', 'missing.key'],
      /^mock-idp: cannot read missing\.pem/,
    ],
  ])('%j: one line, exit 2', async (args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(message);
  });
});
