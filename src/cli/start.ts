import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import type { SetupCache } from '../config/setup-cache.js';
import { isLoopback } from '../server/admin-token.js';
import type { StartOptions } from '../server/start.js';
import { wholeNumber } from './numbers.js';
import { UsageError } from './usage-error.js';

function parseIssuer(text: string): string {
  if (!URL.canParse(text) || !/^https?:$/.test(new URL(text).protocol)) {
    throw new UsageError(`--issuer must be an http(s) URL such as https://idp.example.test, found "${text}"`);
  }
  return text;
}

function parseStore(text: string): string {
  if (!/^rediss?:\/\/\S*$/.test(text) || !URL.canParse(text)) {
    throw new UsageError(`--store must be a Redis URL such as redis://127.0.0.1:6379/0, found "${text}"`);
  }
  return text;
}

/** Reads `start`'s flags (and PORT/HOST from the environment) into start options. */
export function startOptions(args: string[], env: NodeJS.ProcessEnv): StartOptions {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      issuer: { type: 'string' },
      'trust-proxy': { type: 'boolean' },
      'impersonate-google': { type: 'boolean' },
      config: { type: 'string' },
      scenario: { type: 'string' },
      keys: { type: 'string' },
      'admin-token': { type: 'string' },
      store: { type: 'string' },
      https: { type: 'boolean' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'https-port': { type: 'string' },
      tenants: { type: 'string' },
    },
  });
  if ((values['tls-cert'] === undefined) !== (values['tls-key'] === undefined)) {
    throw new UsageError('--tls-cert and --tls-key go together: give both files');
  }
  const port = values.port ?? env.PORT;
  return {
    port:
      port === undefined
        ? undefined
        : wholeNumber(port, values.port === undefined ? 'PORT' : '--port', 0, 65535),
    host: values.host ?? env.HOST,
    issuer: values.issuer === undefined ? undefined : parseIssuer(values.issuer),
    trustProxy: values['trust-proxy'],
    impersonateGoogle: values['impersonate-google'],
    configFile: values.config,
    scenario: values.scenario,
    keysFile: values.keys,
    adminToken: values['admin-token'] ?? env.MOCK_IDP_ADMIN_TOKEN,
    store: values.store === undefined ? undefined : parseStore(values.store),
    https: values.https,
    tlsCert: values['tls-cert'],
    tlsKey: values['tls-key'],
    tenants: values.tenants,
    httpsPort:
      values['https-port'] === undefined
        ? undefined
        : wholeNumber(values['https-port'], '--https-port', 0, 65535),
  };
}

/**
 * The setup cache of the bundled CLI: beside the key file, for the build scripts/bundle-cli.mjs stamped in
 * `build-id`. None when running unbundled (no build id).
 */
async function setupCache(keysFile: string | undefined): Promise<SetupCache | undefined> {
  const buildId = await readFile(new URL('./build-id', import.meta.url), 'utf8').catch(() => undefined);
  if (!buildId) return undefined;
  return { dir: resolve(dirname(keysFile ?? '.mock-idp/keys.json'), 'cache'), buildId: buildId.trim() };
}

/**
 * How far V8 lets the old generation grow past what the last full collection kept alive, in percent. On a machine
 * with a few GB of memory V8 allows 300%: under a steady stream of flows the heap of an IdP keeping ~32 MB alive
 * then climbs to ~130 MB between full collections, and resident memory follows it up (+90 MB, never given back).
 * At 30% full collections come every ~270 flows and cost about 1% of the CPU. Set for the `mock-idp start` process
 * only (V8 reads this flag whenever it sizes the heap): inside a test runner (`startMockIdp`) the heap is the host
 * process's, not ours to tune.
 */
const HEAP_GROWING_PERCENT = 30;

/** `mock-idp start`: runs until SIGINT/SIGTERM. */
export async function runStart(args: string[]): Promise<void> {
  const options = startOptions(args, process.env);
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  const { startIdp, GOOGLE_ISSUER } = await import('../server/start.js');
  const idp = await startIdp({ ...options, setupCache: await setupCache(options.keysFile) });
  console.error('mock-idp is a mock identity provider for testing. Do not use it in production.');
  if (!isLoopback(idp.host)) {
    console.error(
      `WARNING: listening on ${idp.host}, reachable from other machines. mock-idp is for testing only.`,
    );
  }
  if (idp.tls) console.error(`TLS certificate: ${idp.tls.certFile} (SHA-256 ${idp.tls.fingerprint})`);
  if (idp.listenUrls.length > 1 || idp.listenUrl !== idp.url) {
    console.error(`mock-idp: listening on ${idp.listenUrls.join(' and ')}, public URL ${idp.url}`);
  }
  if (idp.trustProxy) {
    console.error(
      "mock-idp: --trust-proxy: the issuer follows each request's Forwarded / X-Forwarded-* headers",
    );
  }
  if (options.store && idp.url === idp.listenUrl && idp.issuer !== GOOGLE_ISSUER) {
    console.error(
      idp.trustProxy
        ? `mock-idp: --store with --trust-proxy: instances listening at the same address (${idp.listenUrl}) share state.`
        : 'WARNING: --store without --issuer: only instances given the same --issuer share state.',
    );
  }
  if (idp.issuer === GOOGLE_ISSUER) {
    console.error(
      `WARNING: impersonating Google: tokens say iss=${GOOGLE_ISSUER} but are signed by mock-idp.`,
    );
    console.log(`mock-idp ready: ${idp.url} (issuer ${idp.issuer})`);
  } else if (idp.tenants) {
    console.log(`mock-idp ready: issuers ${idp.tenants.map((tenant) => tenant.issuer).join(' ')}`);
  } else {
    console.log(`mock-idp ready: issuer ${idp.issuer}`);
  }
  const stop = () => {
    idp.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
