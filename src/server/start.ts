import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { Clock } from '../clock.js';
import { loadSetup, type ScenarioAdditions } from '../config/setup.js';
import { loadOrCreateSigningKeys } from '../keys/signing-keys.js';
import type { Persona } from '../personas/persona.js';
import { isLoopback } from './admin-token.js';
import { createApp } from './app.js';
import { buildContext, type IdpContext } from './context.js';

export const GOOGLE_ISSUER = 'https://accounts.google.com';

export interface StartOptions extends ScenarioAdditions {
  host?: string;
  port?: number;
  /** Public base URL: moves the issuer and every endpoint (e.g. behind a proxy). */
  issuer?: string;
  /** Discovery's `issuer` and the tokens' `iss` become Google's; endpoints stay on this server. */
  impersonateGoogle?: boolean;
  configFile?: string;
  scenario?: string;
  keysFile?: string;
  clock?: Clock;
  /** Bearer token `/api` and `/admin` require; made up when the server listens beyond loopback without one. */
  adminToken?: string;
}

export interface RunningIdp {
  /** The issuer RPs must expect in `iss`. */
  issuer: string;
  /** The public base URL every endpoint is on (the `--issuer` when given). */
  url: string;
  /** Where the server listens, e.g. `http://127.0.0.1:9400`. */
  listenUrl: string;
  host: string;
  /** The token `/api` and `/admin` require, if any. */
  adminToken?: string;
  personas: Persona[];
  /** The IdP's parts, for the programmatic API. */
  context: IdpContext;
  stop(): Promise<void>;
}

function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolvePromise(server.address() as AddressInfo);
    });
  });
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

/** Starts one IdP: config and scenario loaded and validated, keys loaded or created, server listening. */
export async function startIdp(options: StartOptions = {}): Promise<RunningIdp> {
  const setup = await loadSetup(options);
  const { config } = setup;
  const keyFile = resolve(options.keysFile ?? config.keys.file);
  const keys = await loadOrCreateSigningKeys(keyFile);
  const host = options.host ?? config.server.host;
  const server = createServer();
  const address = await listen(server, host, options.port ?? config.server.port);
  const publicBase = options.issuer ?? config.server.issuer;
  const listenUrl = `http://${urlHost(host)}:${address.port}`;
  const url = (publicBase ?? listenUrl).replace(/\/$/, '');
  const issuer = options.impersonateGoogle ? GOOGLE_ISSUER : url;
  const stop = () =>
    new Promise<void>((done) => {
      server.close(() => done());
      server.closeAllConnections();
    });
  const adminToken =
    options.adminToken ?? (isLoopback(host) ? undefined : randomBytes(24).toString('base64url'));
  try {
    const context = await buildContext(setup, { issuer, baseUrl: url, keys, keyFile, clock: options.clock });
    const app = createApp({ context, adminToken, publicUrl: publicBase ? new URL(publicBase) : undefined });
    server.on('request', app.callback());
    return { issuer, url, listenUrl, host, adminToken, personas: context.personas.list(), context, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
