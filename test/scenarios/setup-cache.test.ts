import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSetup } from '../../src/config/setup.js';
import { loadSetupCached, type SetupCache } from '../../src/config/setup-cache.js';
import { startCli, tempDir } from '../helpers/cli.js';

function cacheIn(dir: string, buildId = 'build-1'): SetupCache {
  return { dir: join(dir, 'cache'), buildId };
}

const cacheFiles = (cache: SetupCache) => readdirSync(cache.dir).filter((f) => f.endsWith('.json'));

/** A scenario file with one client that encrypts to a key file beside it. */
function scenarioWithKey(dir: string, personas: number): string {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeFileSync(join(dir, 'platform.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
  const file = join(dir, 'scenario.yaml');
  writeFileSync(
    file,
    [
      'description: cache test',
      'seed: 7',
      `personas: { count: ${personas} }`,
      'clients:',
      '  - client_id: platform',
      '    client_secret: s',
      '    redirect_uris: [https://rp.example.test/cb]',
      '    encryption_key: { file: platform.pem }',
      '',
    ].join('\n'),
  );
  return file;
}

describe('the setup cache', () => {
  it.each(['default', 'liveperson', 'sales-demo'])(
    'gives back exactly what loading %s gives',
    async (scenario) => {
      const cache = cacheIn(mkdtempSync(join(tmpdir(), 'mock-idp-cache-')));
      const fresh = await loadSetup({ scenario });
      expect(await loadSetupCached({ scenario }, cache)).toStrictEqual(fresh);
      expect(cacheFiles(cache)).toHaveLength(1);
      expect(await loadSetupCached({ scenario }, cache)).toStrictEqual(fresh);
    },
  );

  it('reads a changed scenario file or key file again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mock-idp-cache-'));
    const cache = cacheIn(dir);
    const scenario = scenarioWithKey(dir, 2);
    const first = await loadSetupCached({ scenario }, cache);
    expect(first.personas).toHaveLength(2);
    scenarioWithKey(dir, 3);
    const second = await loadSetupCached({ scenario }, cache);
    expect(second.personas).toHaveLength(3);
    expect(second.clients[1]?.jwks).not.toEqual(first.clients[1]?.jwks);
    expect(second).toStrictEqual(await loadSetup({ scenario }));
  });

  it('ignores an unreadable cache file and one of another build', async () => {
    const cache = cacheIn(mkdtempSync(join(tmpdir(), 'mock-idp-cache-')));
    const fresh = await loadSetup({ scenario: 'default' });
    await loadSetupCached({ scenario: 'default' }, cache);
    const [file] = cacheFiles(cache);
    writeFileSync(join(cache.dir, file as string), '{"files": [');
    expect(await loadSetupCached({ scenario: 'default' }, cache)).toStrictEqual(fresh);
    expect(JSON.parse(readFileSync(join(cache.dir, file as string), 'utf8')).setup.personas).toHaveLength(
      fresh.personas.length,
    );
    await loadSetupCached({ scenario: 'default' }, { ...cache, buildId: 'build-2' });
    expect(cacheFiles(cache)).toHaveLength(2);
  });

  it('is kept by the CLI beside its key file, and the next start reads it', async () => {
    const cwd = tempDir();
    const keys = join(cwd, 'state', 'keys.json');
    await (await startCli(['--port', '0', '--keys', keys], cwd)).stop();
    const cacheDir = join(cwd, 'state', 'cache');
    const [file] = readdirSync(cacheDir).filter((f) => f.startsWith('setup-'));
    const path = join(cacheDir, file as string);
    // Marked so the next start shows where its personas came from (the files it names are unchanged).
    const entry = JSON.parse(readFileSync(path, 'utf8'));
    entry.setup.personas[0].name = 'Read From The Cache';
    writeFileSync(path, JSON.stringify(entry));
    const cli = await startCli(['--port', '0', '--keys', keys], cwd);
    try {
      const url = /issuer (\S+)/.exec(cli.readyLine)?.[1];
      const personas = (await (await fetch(`${url}/admin/personas`)).json()) as Array<{ name: string }>;
      expect(personas[0]?.name).toBe('Read From The Cache');
    } finally {
      await cli.stop();
    }
  });
});
