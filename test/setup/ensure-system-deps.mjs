#!/usr/bin/env node
// Makes sure the system programs the test suite runs are installed, before any test starts: installs the missing
// ones with apt-get when running as root, otherwise stops with the exact command to run. Never a silent skip.
// Add a program by adding a line to `required` (binary on PATH → the Debian package that provides it).
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Binary → Debian package. */
const required = {
  'redis-server': 'redis-server',
  chromium: 'chromium',
};

/** Common places for system binaries, for a PATH that lacks them (e.g. /usr/sbin for a non-login shell). */
const extraDirs = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

function onPath(binary) {
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...extraDirs];
  return dirs.some((dir) => {
    try {
      accessSync(join(dir, binary), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

function aptGet(args) {
  console.error(`ensure-system-deps: apt-get ${args.join(' ')}`);
  const result = spawnSync('apt-get', args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.error) console.error(`ensure-system-deps: cannot run apt-get: ${result.error.message}`);
  return result.status === 0;
}

const missing = Object.entries(required).filter(([binary]) => !onPath(binary));
if (missing.length === 0) process.exit(0);

const binaries = missing.map(([binary]) => binary).join(', ');
const packages = [...new Set(missing.map(([, pkg]) => pkg))];
const install = `apt-get install -y ${packages.join(' ')}`;
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

if (!isRoot) {
  const verb = missing.length > 1 ? 'are' : 'is';
  console.error(`ensure-system-deps: the tests need ${binaries}, which ${verb} not installed. Install, then run npm test again:
  sudo apt-get update && sudo ${install}`);
  process.exit(1);
}

console.error(`ensure-system-deps: installing ${packages.join(' ')} (needed for ${binaries})`);
const installArgs = ['install', '-y', '--no-install-recommends', ...packages];
// The package lists may be missing or stale on a fresh machine: update them once if the first try fails.
const installed = aptGet(installArgs) || (aptGet(['update']) && aptGet(installArgs));
const stillMissing = missing.filter(([binary]) => !onPath(binary)).map(([binary]) => binary);
if (!installed || stillMissing.length > 0) {
  console.error(`ensure-system-deps: could not install ${stillMissing.join(', ') || binaries}. Run:
  apt-get update && ${install}`);
  process.exit(1);
}
