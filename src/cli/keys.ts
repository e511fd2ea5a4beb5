import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadConfig } from '../config/load.js';
import { googlePaths } from '../google/paths.js';
import {
  generatePlatformKeyPair,
  PLATFORM_KEY_ALG,
  type PlatformKeyPair,
  type platformKeyFiles,
  writePlatformKeyPair,
} from '../keys/platform-key-pair.js';
import {
  type PublicKeyFormat,
  PublicKeyFormatError,
  parsePublicKeyFormat,
  publicKeyAs,
  publicKeyFormats,
} from '../keys/public-formats.js';
import { loadOrCreateSigningKeys } from '../keys/signing-keys.js';
import { nonEmpty, parseFlags } from './args.js';
import { UsageError } from './usage-error.js';

const generateUsage = 'mock-idp keys generate [--out DIR] [--kid KID]';
const publicUsage = `mock-idp keys public [--format ${publicKeyFormats.join('|')}] [--keys FILE] [--config FILE]`;

/** Where `keys generate` writes unless told, relative to the working directory. */
export const DEFAULT_PLATFORM_DIR = '.mock-idp/platform';
/** The content encryption the printed registration examples ask for. */
const ENC = 'A256GCM';
/** Printed in the `/register` example; the default config's address. */
const EXAMPLE_BASE_URL = 'http://127.0.0.1:9400';

function parseKid(value: string | undefined): string | undefined {
  if (value !== undefined && !/^[\x21-\x7e]{1,128}$/.test(value)) {
    throw new UsageError(
      `--kid must be 1 to 128 printable ASCII characters without spaces, found "${value}"`,
    );
  }
  return value;
}

/** What `keys generate` prints: the files, then how to hand the public key to mock-idp. */
export function generateReport(pair: PlatformKeyPair, dir: string, paths: Record<string, string>): string {
  const jwks = JSON.stringify(pair.publicJwks);
  const width = Math.max(...Object.values(paths).map((path) => path.length));
  const line = (file: keyof typeof platformKeyFiles, what: string) =>
    `  ${paths[file]?.padEnd(width)}  ${what}`;
  const registration = JSON.stringify({
    redirect_uris: ['https://liveperson.net'],
    id_token_encrypted_response_alg: PLATFORM_KEY_ALG,
    id_token_encrypted_response_enc: ENC,
    jwks: pair.publicJwks,
  });
  return [
    `Wrote a platform key pair (RSA-2048, ${PLATFORM_KEY_ALG}, kid ${pair.kid}) to ${dir}:`,
    line('privateJwk', 'private key, JWK (mode 0600; decrypts the ID tokens: keep it out of git)'),
    line('privateKeyPem', 'private key, PKCS#8 PEM (mode 0600)'),
    line('publicJwks', 'public key, JWKS'),
    line('publicKeyPem', 'public key, SPKI PEM'),
    '',
    "It stands in for the chat platform's encryption key. To have mock-idp sign, then encrypt a client's ID",
    `tokens to it (nested JWE, ${PLATFORM_KEY_ALG} + ${ENC}), register the public key on that client:`,
    '',
    '  in a scenario file, on the client:',
    '    clients:',
    '      - client_id: liveperson',
    '        # ...',
    `        id_token_encrypted_response_alg: ${PLATFORM_KEY_ALG}`,
    `        id_token_encrypted_response_enc: ${ENC}`,
    `        jwks: ${jwks}`,
    '',
    `  or at run time, by dynamic registration (use your mock-idp's URL):`,
    `    curl -s ${EXAMPLE_BASE_URL}${googlePaths.registration} -H 'Content-Type: application/json' -d '${registration}'`,
    '',
  ].join('\n');
}

/** `mock-idp keys generate [--out DIR] [--kid KID]`: a platform (encryption) key pair for tests. */
async function runGenerate(args: string[]): Promise<void> {
  const values = parseFlags(args, { out: { type: 'string' }, kid: { type: 'string' } }, generateUsage);
  const dir = nonEmpty(values.out, '--out') ?? DEFAULT_PLATFORM_DIR;
  const pair = await generatePlatformKeyPair(parseKid(values.kid));
  const paths = await writePlatformKeyPair(dir, pair);
  process.stdout.write(generateReport(pair, dir, paths));
}

/** The key file `mock-idp start` would use here: `--keys`, else the config's `keys.file`, against the cwd. */
async function signingKeyFile(keys: string | undefined, config: string | undefined): Promise<string> {
  return resolve(keys ?? (await loadConfig(config)).keys.file);
}

/** `mock-idp keys public [--format F] [--keys FILE] [--config FILE]`: our signing public key, e.g. for the connector. */
async function runPublic(args: string[]): Promise<void> {
  const values = parseFlags(
    args,
    { format: { type: 'string' }, keys: { type: 'string' }, config: { type: 'string' } },
    publicUsage,
  );
  let format: PublicKeyFormat;
  try {
    format = parsePublicKeyFormat(values.format ?? 'jwks', '--format');
  } catch (error) {
    if (error instanceof PublicKeyFormatError) throw new UsageError(error.message);
    throw error;
  }
  const file = await signingKeyFile(nonEmpty(values.keys, '--keys'), nonEmpty(values.config, '--config'));
  const existed = await access(file).then(
    () => true,
    () => false,
  );
  const keys = await loadOrCreateSigningKeys(file);
  if (!existed)
    console.error(`mock-idp: no signing keys in ${file} yet: created them (mock-idp start uses them)`);
  process.stdout.write(`${await publicKeyAs(keys, format)}\n`);
}

const subcommands = new Map<string, (args: string[]) => Promise<void>>([
  ['generate', runGenerate],
  ['public', runPublic],
]);

/** `mock-idp keys generate|public …`. */
export async function runKeys(args: string[]): Promise<void> {
  const [name, ...rest] = args;
  if (name === undefined || name.startsWith('-')) {
    throw new UsageError(`usage: ${generateUsage} | ${publicUsage}`);
  }
  const run = subcommands.get(name);
  if (!run) {
    throw new UsageError(`unknown keys command "${name}": expected generate or public (see mock-idp --help)`);
  }
  await run(rest);
}
