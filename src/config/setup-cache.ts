import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Setup, SetupOptions } from './setup.js';

/**
 * Where the CLI keeps loaded setups, and the build they were made by: a start whose config, scenario and key
 * files are unchanged reads the validated setup and generated personas back instead of loading the YAML parser,
 * the schema library and faker (about a third of a start's time and memory).
 */
export interface SetupCache {
  dir: string;
  /** Changes with every build of mock-idp (scripts/bundle-cli.mjs writes it), so no stale setup survives one. */
  buildId: string;
}

/** A cache file: the setup as JSON, and each file it was read from with the digest of its contents then. */
interface CacheEntry {
  files: Array<{ file: string; sha256: string }>;
  setup: Omit<Setup, 'clientOrigins'> & { clientOrigins: Array<[string, string]> };
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

async function digestOf(file: string): Promise<string | undefined> {
  return readFile(file).then(sha256, () => undefined);
}

/** The cached setup, if the cache file is there, readable and still true to every file it names. */
async function read(cacheFile: string): Promise<Setup | undefined> {
  let entry: CacheEntry;
  try {
    entry = JSON.parse(await readFile(cacheFile, 'utf8')) as CacheEntry;
  } catch {
    return undefined;
  }
  const digests = await Promise.all(entry.files.map(({ file }) => digestOf(file)));
  if (entry.files.some(({ sha256: digest }, index) => digests[index] !== digest)) return undefined;
  return { ...entry.setup, clientOrigins: new Map(entry.setup.clientOrigins) };
}

async function write(cacheFile: string, setup: Setup): Promise<void> {
  const files = await Promise.all(
    setup.files.map(async (file) => ({ file, sha256: (await digestOf(file)) ?? '' })),
  );
  const entry: CacheEntry = { files, setup: { ...setup, clientOrigins: [...setup.clientOrigins] } };
  await mkdir(join(cacheFile, '..'), { recursive: true });
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(entry));
  await rename(temporary, cacheFile);
}

/**
 * The setup `options` name: from the cache when every file it was read from is unchanged, else loaded,
 * validated and cached (a cache that cannot be written only makes the next start slower). Without a cache,
 * simply loaded.
 */
export async function loadSetupCached(options: SetupOptions, cache?: SetupCache): Promise<Setup> {
  const load = async () => (await import('./setup.js')).loadSetup(options);
  if (!cache) return load();
  const { configFile, scenario, seed, personas, clients } = options;
  const key = JSON.stringify([cache.buildId, process.cwd(), configFile, scenario, seed, personas, clients]);
  const cacheFile = join(cache.dir, `setup-${sha256(key).slice(0, 32)}.json`);
  const cached = await read(cacheFile);
  if (cached) return cached;
  const setup = await load();
  await write(cacheFile, setup).catch(() => undefined);
  return setup;
}
