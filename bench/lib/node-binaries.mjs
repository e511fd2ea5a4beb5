/**
 * The Node binaries the start-up benchmark compares: Node 22 (this process when run by `npm run bench`, whose
 * scripts use the `node@22` devDependency; else node_modules/.bin/node) and the machine's Node 20
 * (/usr/bin/node, when it exists and is v20). Each is `{ path, version }` or undefined ("n/a").
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const localNode = fileURLToPath(new URL('../../node_modules/.bin/node', import.meta.url));
const systemNode = '/usr/bin/node';

function versionOf(path) {
  if (path === process.execPath) return process.version;
  if (!existsSync(path)) return undefined;
  try {
    return execFileSync(path, ['--version'], { encoding: 'utf8', timeout: 10_000 }).trim();
  } catch {
    return undefined;
  }
}

function find(major, candidates) {
  for (const path of candidates) {
    const version = versionOf(path);
    if (version?.startsWith(`v${major}.`)) return { path, version };
  }
  return undefined;
}

export function nodeBinaries() {
  return {
    node22: find(22, [process.execPath, localNode]),
    node20: find(20, [systemNode]),
  };
}
