import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type AuthMethod, authMethods } from '../verify/code-exchange.js';
import { type DecryptionKey, decryptionKeysFrom, KeyInputError } from '../verify/private-keys.js';
import { PublicKeyError, publicJwksFrom } from '../verify/public-keys.js';
import { formatJson, formatText, useColor } from '../verify/report.js';
import { runChecks, type VerifyOptions } from '../verify/run.js';
import type { KeySource } from '../verify/signature.js';
import { nonEmpty, parseFlags } from './args.js';
import { wholeNumber } from './numbers.js';
import { UsageError } from './usage-error.js';

const usage =
  'mock-idp verify --code CODE --issuer URL --client-id ID --client-secret S [--redirect-uri URI] [--auth-method M] [--code-verifier V] | --jwt TOKEN --issuer URL [--expected-iss ISS] [--jwks FILE|URL] [--client-id ID]; both: [--nonce N] [--decrypt-key FILE] [--strict] [--leeway S] [--json]';

const options = {
  code: { type: 'string' },
  jwt: { type: 'string' },
  issuer: { type: 'string' },
  'expected-iss': { type: 'string' },
  'client-id': { type: 'string' },
  'client-secret': { type: 'string' },
  'redirect-uri': { type: 'string' },
  'auth-method': { type: 'string' },
  'code-verifier': { type: 'string' },
  nonce: { type: 'string' },
  'decrypt-key': { type: 'string' },
  jwks: { type: 'string' },
  strict: { type: 'boolean' },
  leeway: { type: 'string' },
  json: { type: 'boolean' },
} as const;

type Values = ReturnType<typeof parseFlags<typeof options>>;

function httpUrl(text: string, flag: string): string {
  if (!URL.canParse(text) || !/^https?:$/.test(new URL(text).protocol)) {
    throw new UsageError(
      `--${flag} must be an http(s) URL such as https://idp.example.test, found "${text}"`,
    );
  }
  return text;
}

function authMethod(text: string | undefined): AuthMethod | undefined {
  if (text === undefined || (authMethods as readonly string[]).includes(text)) return text as AuthMethod;
  throw new UsageError(`--auth-method must be one of ${authMethods.join(', ')}, found "${text}"`);
}

async function readKeyFile(file: string, flag: string): Promise<string> {
  return readFile(resolve(file), 'utf8').catch((error: Error) => {
    throw new UsageError(`--${flag}: cannot read ${file}: ${error.message}`);
  });
}

async function decryptKeys(file: string | undefined): Promise<DecryptionKey[] | undefined> {
  if (file === undefined) return undefined;
  try {
    return decryptionKeysFrom(await readKeyFile(file, 'decrypt-key'));
  } catch (error) {
    if (error instanceof KeyInputError) throw new UsageError(`--decrypt-key: ${file}: ${error.message}`);
    throw error;
  }
}

/** `--jwks`: a URL is fetched during the signature check; a file is read now (PEM, one-line SPKI, JWK, JWKS). */
async function keySource(source: string | undefined): Promise<KeySource | undefined> {
  if (source === undefined) return undefined;
  if (/^https?:\/\//.test(source)) return { url: httpUrl(source, 'jwks') };
  try {
    return { keys: publicJwksFrom(await readKeyFile(source, 'jwks')), where: source };
  } catch (error) {
    if (error instanceof PublicKeyError) throw new UsageError(`--jwks: ${source}: ${error.message}`);
    throw error;
  }
}

const codeOnly = ['client-secret', 'redirect-uri', 'auth-method', 'code-verifier'] as const;

function required(values: Values, flag: keyof Values & string, mode: string): string {
  const value = nonEmpty(values[flag] as string | undefined, `--${flag}`);
  if (value === undefined) throw new UsageError(`--${flag} is required with ${mode} (usage: ${usage})`);
  return value;
}

/** Reads `verify`'s flags into what the checks run on; every mistake is a one-line usage error (exit 2). */
export async function verifyOptions(args: string[]): Promise<{ options: VerifyOptions; json: boolean }> {
  const values = parseFlags(args, options, usage);
  if ((values.code === undefined) === (values.jwt === undefined)) {
    throw new UsageError(`give exactly one of --code and --jwt (usage: ${usage})`);
  }
  const common = {
    issuer: httpUrl(required(values, 'issuer', values.code === undefined ? '--jwt' : '--code'), 'issuer'),
    expectedIss: nonEmpty(values['expected-iss'], '--expected-iss'),
    clientId: nonEmpty(values['client-id'], '--client-id'),
    nonce: values.nonce,
    decryptKeys: await decryptKeys(nonEmpty(values['decrypt-key'], '--decrypt-key')),
    jwks: await keySource(nonEmpty(values.jwks, '--jwks')),
    strict: values.strict ?? false,
    leeway: values.leeway === undefined ? undefined : wholeNumber(values.leeway, '--leeway', 0, 86_400),
  };
  const json = values.json ?? false;
  if (values.jwt !== undefined) {
    const misplaced = codeOnly.find((flag) => values[flag] !== undefined);
    if (misplaced) throw new UsageError(`--${misplaced} goes with --code, not --jwt`);
    return { options: { ...common, jwt: required(values, 'jwt', '--jwt') }, json };
  }
  return {
    options: {
      ...common,
      code: required(values, 'code', '--code'),
      clientId: required(values, 'client-id', '--code'),
      clientSecret: required(values, 'client-secret', '--code'),
      redirectUri: nonEmpty(values['redirect-uri'], '--redirect-uri'),
      authMethod: authMethod(values['auth-method']),
      codeVerifier: nonEmpty(values['code-verifier'], '--code-verifier'),
    },
    json,
  };
}

function title(options: VerifyOptions): string {
  const what = 'code' in options ? `a code for client ${options.clientId}` : 'an ID token';
  return `mock-idp verify: ${what}, issuer ${options.issuer}`;
}

/**
 * `mock-idp verify`: runs the chat platform's checks on a code or an ID token from any IdP and prints each step
 * with its reason (a checklist, or `--json`). Exit 0 when nothing fails, 1 when something does, 2 for bad arguments.
 */
export async function runVerify(args: string[]): Promise<void> {
  const { options, json } = await verifyOptions(args);
  const report = await runChecks(options);
  process.stdout.write(
    json
      ? formatJson(report)
      : formatText(report, { color: useColor(process.stdout, process.env), title: title(options) }),
  );
  if (!report.ok) process.exitCode = 1;
}
