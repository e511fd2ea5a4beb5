import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startCli, tempDir, urlOf } from '../helpers/cli.js';

const probe = fileURLToPath(new URL('./module-list-probe.cjs', import.meta.url));

async function json(response: Response) {
  const text = await response.text();
  expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
  expect(response.headers.get('content-length')).toBe(String(Buffer.byteLength(text)));
  return { status: response.status, body: JSON.parse(text) };
}

describe('JSON answers of the CLI (server/plain-json.ts)', () => {
  it('are whole and correct, and never make Node load undici or web streams (~50 ms of a start)', async () => {
    const cwd = tempDir();
    const moduleList = join(cwd, 'modules.txt');
    const cli = await startCli(['--port', '0'], cwd, {
      NODE_OPTIONS: `--require ${probe}`,
      MODULE_LIST_FILE: moduleList,
    });
    const url = urlOf(cli.readyLine);
    try {
      const discovery = await json(await fetch(`${url}/.well-known/openid-configuration`));
      expect(discovery).toMatchObject({ status: 200, body: { issuer: url } });
      const head = await fetch(`${url}/.well-known/openid-configuration`, { method: 'HEAD' });
      expect(head.headers.get('content-length')).toBe(
        String(Buffer.byteLength(JSON.stringify(discovery.body))),
      );
      expect(await json(await fetch(`${url}/oauth2/v3/certs`))).toMatchObject({
        status: 200,
        body: { keys: [{}] },
      });
      const personas = await json(await fetch(`${url}/admin/personas`));
      expect(personas.status).toBe(200);
      expect(Array.isArray(personas.body)).toBe(true);
      const token = await json(await fetch(`${url}/token`, { method: 'POST' }));
      expect(token).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
      const created = await json(
        await fetch(`${url}/register`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ redirect_uris: ['https://rp.example/cb'] }),
        }),
      );
      expect(created.status).toBe(201);
    } finally {
      await cli.stop();
    }
    const loaded = readFileSync(moduleList, 'utf8').split('\n');
    expect(loaded.filter((name) => /undici|webstreams\/readablestream/.test(name))).toEqual([]);
  });
});
