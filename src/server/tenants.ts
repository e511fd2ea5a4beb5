import { readdir } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import Koa from 'koa';
import mount from 'koa-mount';
import type { Clock } from '../clock.js';
import { ConfigError } from '../config/errors.js';
import { loadSetup } from '../config/setup.js';
import { loadOrCreateSigningKeys } from '../keys/signing-keys.js';
import { createApp } from './app.js';
import { buildContext, type IdpContext, reissued } from './context.js';

export interface Tenant {
  name: string;
  issuer: string;
  context: IdpContext;
}

export interface TenantOptions {
  dir: string;
  configFile?: string;
  /** The server's public base URL; each tenant's issuer is `<baseUrl>/<tenant>`. */
  baseUrl: string;
  /** Each tenant's signing keys live in `<keysDir>/tenants/<tenant>.json`. */
  keysDir: string;
  clock?: Clock;
  /** A Redis URL: every tenant keeps its state there, under its own issuer's prefix. */
  store?: string;
}

const TENANT_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** The scenario files of a tenants folder, each naming a tenant by its file name. */
async function tenantFiles(dir: string): Promise<Array<{ name: string; file: string }>> {
  const entries = await readdir(dir).catch((error: Error) => {
    throw new ConfigError([`--tenants ${dir}: ${error.message}`]);
  });
  const files = entries.filter((entry) => ['.yaml', '.yml'].includes(extname(entry))).sort();
  if (files.length === 0) throw new ConfigError([`--tenants ${dir}: no scenario files (*.yaml) in it`]);
  return files.map((file) => {
    const name = basename(file, extname(file));
    if (!TENANT_NAME.test(name)) {
      throw new ConfigError([
        `${join(dir, file)}: the file name makes the tenant's path: use lower-case letters, digits and -, found "${name}"`,
      ]);
    }
    return { name, file: resolve(dir, file) };
  });
}

async function buildTenant(name: string, file: string, options: TenantOptions): Promise<Tenant> {
  const setup = await loadSetup({ configFile: options.configFile, scenario: file });
  const keyFile = join(options.keysDir, 'tenants', `${name}.json`);
  const issuer = `${options.baseUrl}/${name}`;
  // With a Redis store, the key set is shared through Redis (store/shared-keys) and filled from the key file there.
  const keys = options.store ? [] : await loadOrCreateSigningKeys(keyFile);
  const { clock, store } = options;
  const context = await buildContext(setup, { issuer, baseUrl: issuer, keys, keyFile, clock, store });
  return { name, issuer, context };
}

/** Builds one tenant per scenario file of `dir`: its own keys, personas, clients, faults and oidc-provider. */
export async function buildTenants(options: TenantOptions): Promise<Tenant[]> {
  const tenants: Tenant[] = [];
  for (const { name, file } of await tenantFiles(options.dir))
    tenants.push(await buildTenant(name, file, options));
  return tenants;
}

/** The same tenants (state, keys, personas) with their issuers at another origin: `<origin>/<tenant>`. */
export function tenantsAt(tenants: Tenant[], origin: string): Tenant[] {
  return tenants.map(({ name, context }) => {
    const issuer = `${origin}/${name}`;
    return { name, issuer, context: reissued(context, issuer, issuer) };
  });
}

/**
 * One process, many brands: each tenant under `/<tenant>/` (one oidc-provider each, all in one koa app). `/`
 * lists the issuers.
 */
export function tenantsApp(tenants: Tenant[], adminToken: string | undefined): Koa {
  const root = new Koa();
  // Each tenant app sets the forwarded host and scheme from its issuer (server/public-origin): let koa read them.
  root.proxy = true;
  for (const tenant of tenants) {
    root.use(mount(createApp({ context: tenant.context, adminToken, publicUrl: new URL(tenant.issuer) })));
  }
  root.use(async (ctx, next) => {
    if (ctx.path !== '/') return next();
    ctx.body = { issuers: tenants.map(({ name, issuer }) => ({ tenant: name, issuer })) };
  });
  return root;
}
