import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, startCli, tempDir, urlOf } from '../helpers/cli.js';

async function discovery(url: string) {
  return (await fetch(`${url}/.well-known/openid-configuration`)).json();
}

describe('mock-idp start', () => {
  it('binds to loopback, prints one ready line with the issuer, and keeps its keys across restarts', async () => {
    const cwd = tempDir();
    const first = await startCli(['--port', '0'], cwd);
    expect(first.readyLine).toMatch(/^mock-idp ready: issuer http:\/\/127\.0\.0\.1:\d+$/);
    expect(first.stderr()).toContain('Do not use it in production');
    const url = urlOf(first.readyLine);
    const doc = await discovery(url);
    expect(doc.issuer).toBe(url);
    const kid = (await (await fetch(doc.jwks_uri)).json()).keys[0].kid;
    await first.stop();

    expect(JSON.parse(readFileSync(join(cwd, '.mock-idp/keys.json'), 'utf8')).keys[0].jwk.kid).toBe(kid);
    const second = await startCli(['--port', '0'], cwd);
    const again = await discovery(urlOf(second.readyLine));
    expect((await (await fetch(again.jwks_uri)).json()).keys[0].kid).toBe(kid);
    await second.stop();
  });

  it('takes PORT and HOST from the environment', async () => {
    const cli = await startCli([], tempDir(), { PORT: '0', HOST: '127.0.0.1' });
    expect(cli.readyLine).toMatch(/issuer http:\/\/127\.0\.0\.1:\d+$/);
    await cli.stop();
  });

  it('--impersonate-google: Google issuer, endpoints on this server, said loudly', async () => {
    const cli = await startCli(['--port', '0', '--impersonate-google']);
    expect(cli.readyLine).toMatch(
      /^mock-idp ready: http:\/\/127\.0\.0\.1:\d+ \(issuer https:\/\/accounts\.google\.com\)$/,
    );
    expect(cli.stderr()).toContain('impersonating Google');
    const url = urlOf(cli.readyLine);
    const doc = await discovery(url);
    expect(doc.issuer).toBe('https://accounts.google.com');
    expect(doc.authorization_endpoint).toBe(`${url}/o/oauth2/v2/auth`);
    await cli.stop();
  });

  it('--issuer moves the issuer and every endpoint to the public base URL', async () => {
    const cli = await startCli(['--port', '0', '--issuer', 'https://idp.example.test/brand']);
    expect(cli.readyLine).toBe('mock-idp ready: issuer https://idp.example.test/brand');
    const listening = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(cli.stderr())?.[1];
    expect(listening).toBeDefined();
    const doc = await discovery(`${listening}/brand`);
    expect(doc.issuer).toBe('https://idp.example.test/brand');
    expect(doc.token_endpoint).toBe('https://idp.example.test/brand/token');
    expect(doc.jwks_uri).toBe('https://idp.example.test/brand/oauth2/v3/certs');
    await cli.stop();
  });

  it('--trust-proxy: the issuer follows X-Forwarded-Proto and X-Forwarded-Host', async () => {
    const cli = await startCli(['--port', '0', '--trust-proxy']);
    const url = urlOf(cli.readyLine);
    const response = await fetch(`${url}/.well-known/openid-configuration`, {
      headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'idp.example.test' },
    });
    const doc = await response.json();
    expect(doc.issuer).toBe('https://idp.example.test');
    expect(doc.jwks_uri).toBe('https://idp.example.test/oauth2/v3/certs');
    expect((await discovery(url)).issuer).toBe(url);
    expect(cli.stderr()).toContain("--trust-proxy: the issuer follows each request's Forwarded");
    await cli.stop();
  });

  it('warns when bound beyond loopback', async () => {
    const cli = await startCli(['--port', '0', '--host', '0.0.0.0']);
    expect(cli.stderr()).toMatch(/WARNING: listening on 0\.0\.0\.0.*testing only/);
    await cli.stop();
  });
});

describe('bad input on the command line: one clear line, non-zero exit', () => {
  it.each([
    [['start', '--port', 'abc'], /^mock-idp: --port must be a whole number from 0 to 65535, found "abc"$/],
    [
      ['start', '--port', '70000'],
      /^mock-idp: --port must be a whole number from 0 to 65535, found "70000"$/,
    ],
    [['start', '--bogus'], /^mock-idp: Unknown option '--bogus'.*\(see mock-idp --help\)$/],
    [['frobnicate'], /^mock-idp: unknown command "frobnicate" \(see mock-idp --help\)$/],
    [['start', '--issuer', 'not a url'], /^mock-idp: --issuer must be an http\(s\) URL/],
    [['start', '--scenario', 'nope'], /^mock-idp: .*scenarios\/nope\.yaml: file not found$/],
  ])('%j', async (args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a port in use names the port and the fix', async () => {
    const cli = await startCli(['--port', '0']);
    const port = new URL(urlOf(cli.readyLine)).port;
    const result = await runCli(['start', '--port', port]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`${port}.*choose another port with --port`));
    await cli.stop();
  });

  it('a bad config file names the file and the field', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'bad.yaml'), 'server:\n  port: "x"\n  colour: blue\n');
    const result = await runCli(['start', '--config', 'bad.yaml'], cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `${join(cwd, 'bad.yaml')}: server.port: expected number, found string "x"`,
    );
    expect(result.stderr).toContain('server: unknown key "colour"');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('--help prints the usage', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('mock-idp start [options]');
  });
});
