import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import type Koa from 'koa';
import type { Clock } from '../clock.js';
import type { ScenarioAdditions } from '../config/setup.js';
import { loadSetupCached, type SetupCache } from '../config/setup-cache.js';
import { loadOrCreateSigningKeys } from '../keys/signing-keys.js';
import type { Persona } from '../personas/persona.js';
import { isLoopback } from './admin-token.js';
import { createApp } from './app.js';
import { buildContext, type IdpContext, reissued } from './context.js';
import { type Listeners, openListeners } from './listeners.js';
import { perOriginApp } from './per-origin.js';
import { plainJsonCallback } from './plain-json.js';
import type { Tenant } from './tenants.js';
import { givenTls, selfSignedTls, type TlsMaterial } from './tls.js';

export const GOOGLE_ISSUER = 'https://accounts.google.com';

export interface StartOptions extends ScenarioAdditions {
  host?: string;
  port?: number;
  /** Public base URL: moves the issuer and every endpoint (e.g. behind a proxy). Wins over `trustProxy`. */
  issuer?: string;
  /**
   * Behind proxies: the issuer and every URL follow each request's `Forwarded` / `X-Forwarded-Proto|Host|Port`
   * (else its `Host`). Without it those headers are ignored and the issuer is the bound address.
   */
  trustProxy?: boolean;
  /** Discovery's `issuer` and the tokens' `iss` become Google's; endpoints stay on this server. */
  impersonateGoogle?: boolean;
  configFile?: string;
  scenario?: string;
  keysFile?: string;
  clock?: Clock;
  /** Bearer token `/api` and `/admin` require; made up when the server listens beyond loopback without one. */
  adminToken?: string;
  /** Redis URL (`redis://HOST:PORT/DB`): state and signing keys shared by every instance on it (default: memory). */
  store?: string;
  /** Serve HTTPS (a self-signed certificate beside the keys unless `tlsCert`/`tlsKey` are given). */
  https?: boolean;
  tlsCert?: string;
  tlsKey?: string;
  /** HTTPS on this port beside plain HTTP on `port`. */
  httpsPort?: number;
  /** A folder of scenario files: one issuer per file under `/<tenant>/`. */
  tenants?: string;
  /** Keep the loaded setup and personas here for the next start with the same files (the CLI does). */
  setupCache?: SetupCache;
}

export interface RunningIdp {
  /** The issuer RPs must expect in `iss` (with `trustProxy`: when they reach the bound address itself). */
  issuer: string;
  /** The public base URL every endpoint is on (the `--issuer` when given). */
  url: string;
  /** Where the server listens, e.g. `http://127.0.0.1:9400` (HTTPS first when served). */
  listenUrl: string;
  /** Every address it listens on. */
  listenUrls: string[];
  host: string;
  /** The TLS certificate served, if any. */
  tls?: TlsMaterial;
  /** The token `/api` and `/admin` require, if any. */
  adminToken?: string;
  personas: Persona[];
  /** The IdP's parts, for the programmatic API (the first tenant's, with tenants). */
  context: IdpContext;
  /** With `tenants`: every tenant's name and issuer. */
  tenants?: Array<{ name: string; issuer: string }>;
  /** Whether the issuer follows each request's forwarded headers (`trustProxy` without `issuer`). */
  trustProxy: boolean;
  stop(): Promise<void>;
}

/** The certificate to serve, if HTTPS was asked for. */
async function tlsFor(options: StartOptions, keyFile: string, publicBase: string | undefined) {
  if (options.tlsCert !== undefined || options.tlsKey !== undefined) {
    return givenTls(options.tlsCert ?? '(missing --tls-cert)', options.tlsKey ?? '(missing --tls-key)');
  }
  if (!options.https && options.httpsPort === undefined) return undefined;
  const hosts = publicBase ? [new URL(publicBase).hostname.replace(/^\[|\]$/g, '')] : [];
  return selfSignedTls(join(dirname(keyFile), 'tls'), hosts);
}

interface Serving {
  adminToken?: string;
  publicBase?: string;
  trustProxy: boolean;
  /** The bound address (served to requests that name no host). */
  url: string;
  impersonateGoogle?: boolean;
}

/** The IdP's app at the bound address or `--issuer`; behind trusted proxies, one per request origin. */
function singleIssuerApp(context: IdpContext, serving: Serving): Koa {
  const { adminToken, publicBase } = serving;
  // Not behind a trusted proxy: every URL is built on `--issuer`, else on the bound address, whatever Host header
  // a request came with (`localhost` and `127.0.0.1` see the same discovery document, matching the issuer).
  if (!serving.trustProxy)
    return createApp({ context, adminToken, publicUrl: new URL(publicBase ?? serving.url) });
  return perOriginApp((origin) => {
    const issuer = serving.impersonateGoogle ? GOOGLE_ISSUER : origin;
    return createApp({ context: reissued(context, issuer, origin), adminToken, publicUrl: new URL(origin) });
  }, serving.url);
}

/** Starts one IdP: config and scenario loaded and validated, keys loaded or created, server listening. */
export async function startIdp(options: StartOptions = {}): Promise<RunningIdp> {
  const setup = await loadSetupCached(options, options.setupCache);
  const { config } = setup;
  const keyFile = resolve(options.keysFile ?? config.keys.file);
  const store = options.store ?? config.store.url;
  // With Redis, the shared key set decides (the key file is published only if Redis has none): see SharedKeySet.
  const keys = store ? [] : await loadOrCreateSigningKeys(keyFile);
  const host = options.host ?? config.server.host;
  const publicBase = options.issuer ?? config.server.issuer;
  const tls = await tlsFor(options, keyFile, publicBase);
  const listeners: Listeners = await openListeners({
    host,
    port: options.port ?? config.server.port,
    tls,
    httpsPort: options.httpsPort,
  });
  const url = (publicBase ?? listeners.url).replace(/\/$/, '');
  const issuer = options.impersonateGoogle ? GOOGLE_ISSUER : url;
  const adminToken =
    options.adminToken ?? (isLoopback(host) ? undefined : randomBytes(24).toString('base64url'));
  const trustProxy = publicBase === undefined && (options.trustProxy ?? config.server.trust_proxy);
  const base = {
    url,
    listenUrl: listeners.url,
    listenUrls: listeners.urls,
    host,
    tls,
    adminToken,
    trustProxy,
  };
  try {
    const tenantsDir = options.tenants ?? config.tenants;
    if (tenantsDir !== undefined) {
      const keysDir = dirname(keyFile);
      const { buildTenants, tenantsApp, tenantsAt } = await import('./tenants.js');
      const tenants = await buildTenants({
        ...options,
        dir: resolve(tenantsDir),
        baseUrl: url,
        keysDir,
        store,
      });
      const app = trustProxy
        ? perOriginApp((origin) => tenantsApp(tenantsAt(tenants, origin), adminToken), url)
        : tenantsApp(tenants, adminToken);
      listeners.serve(plainJsonCallback(app));
      const [first] = tenants as [Tenant, ...Tenant[]];
      const list = tenants.map(({ name, issuer: tenantIssuer }) => ({ name, issuer: tenantIssuer }));
      const { context } = first;
      return {
        ...base,
        issuer: first.issuer,
        personas: context.personas.list(),
        context,
        tenants: list,
        stop: async () => {
          await listeners.close();
          await Promise.all(tenants.map((tenant) => tenant.context.store.close?.()));
        },
      };
    }
    const context = await buildContext(setup, {
      issuer,
      baseUrl: url,
      keys,
      keyFile,
      clock: options.clock,
      store,
    });
    const app = singleIssuerApp(context, { ...options, adminToken, publicBase, trustProxy, url });
    listeners.serve(plainJsonCallback(app));
    const stop = async () => {
      await listeners.close();
      await context.store.close?.();
    };
    return { ...base, issuer, personas: context.personas.list(), context, stop };
  } catch (error) {
    await listeners.close();
    throw error;
  }
}
