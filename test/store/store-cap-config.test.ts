import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { loadSetup } from '../../src/config/setup.js';
import type { RunningIdp } from '../../src/server/start.js';
import { defaultClient, startTestIdp } from '../helpers/idp.js';
import { codeFlow, discoverRp } from '../helpers/rp.js';

function configFile(store: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'mock-idp-store-cap-')), 'config.yaml');
  writeFileSync(
    file,
    `store: ${store}
clients:
  - client_id: ${defaultClient.client_id}
    client_secret: ${defaultClient.client_secret}
    redirect_uris: [${defaultClient.redirect_uri}]
`,
  );
  return file;
}

describe('config store.max_entries', () => {
  let idp: RunningIdp;
  beforeAll(async () => {
    idp = await startTestIdp({ configFile: configFile('{ max_entries: 100 }') });
  });
  afterAll(() => idp.stop());

  it('caps what the in-memory store keeps: the first of 30 flows (4 entries each) is gone, the last is not', async () => {
    const rp = await discoverRp(idp.issuer, defaultClient.client_id, defaultClient.client_secret);
    const accessTokens: string[] = [];
    for (let flow = 0; flow < 30; flow++) {
      const { tokens } = await codeFlow(rp, defaultClient.redirect_uri, 'persona-1');
      accessTokens.push(tokens.access_token);
    }
    const userinfo = (token: string | undefined) =>
      fetch(`${idp.url}/v1/userinfo`, { headers: { authorization: `Bearer ${token}` } });
    expect((await userinfo(accessTokens.at(-1))).status).toBe(200);
    const evicted = await userinfo(accessTokens[0]);
    expect(evicted.status).toBe(401);
    expect((await evicted.json()).error).toBe('invalid_token');
  });

  it('is a whole number from 100: anything else names the field', async () => {
    const file = configFile('{ max_entries: 5 }');
    const error = await loadSetup({ configFile: file }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      `${file}: store.max_entries: Too small: expected number to be >=100, found number 5`,
    ]);
  });
});
