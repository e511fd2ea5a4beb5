import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningIdp, type StartOptions, startIdp } from '../../src/server/start.js';

/** One key file for the whole test run: keys are made once, as on a developer's machine. */
const keysFile = join(mkdtempSync(join(tmpdir(), 'mock-idp-test-')), 'keys.json');

/** Starts the real IdP on 127.0.0.1, port 0. */
export function startTestIdp(options: StartOptions = {}): Promise<RunningIdp> {
  return startIdp({ host: '127.0.0.1', port: 0, keysFile, ...options });
}

export const defaultClient = {
  client_id: 'mock-client',
  client_secret: 'mock-secret',
  redirect_uri: 'http://localhost:3000/callback',
};
