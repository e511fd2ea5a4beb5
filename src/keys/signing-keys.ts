import { link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { newKeyId } from '../google/ids.js';
import { KeyFileError } from './key-file-error.js';

/** One RS256 signing key with everything the endpoints serve about it. */
export interface SigningKey {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
  privateKey: CryptoKey;
  /** Self-signed X.509 certificate (PEM) for Google's `/oauth2/v1/certs` form. */
  certificatePem: string;
}

type KeyFileEntry = { jwk: JWK; certificate: string };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `{ keys: [{ jwk: {…}, certificate: "…" }, …] }` with at least one key (jose checks each JWK on import). */
function keyFileEntries(parsed: unknown): KeyFileEntry[] | undefined {
  const keys = isObject(parsed) ? parsed.keys : undefined;
  if (!Array.isArray(keys) || keys.length === 0) return undefined;
  const wellFormed = keys.every(
    (entry) => isObject(entry) && isObject(entry.jwk) && typeof entry.certificate === 'string',
  );
  return wellFormed ? (keys as KeyFileEntry[]) : undefined;
}

/** Generates a fresh RS256 key with a Google-shaped `kid` (40 hex) and its certificate. */
export async function generateSigningKey(): Promise<{ jwk: JWK; certificate: string }> {
  const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const jwk: JWK = { ...(await exportJWK(privateKey)), kid: newKeyId(), alg: 'RS256', use: 'sig' };
  // Loaded only when a key is made: start-up with existing keys does not pay for the X.509 library.
  const { selfSignedCertificate } = await import('./certificate.js');
  return { jwk, certificate: await selfSignedCertificate(jwk, publicPart(jwk)) };
}

/** The public members of an RSA JWK. */
export function publicPart(jwk: JWK): JWK {
  const { kty, n, e, kid, alg, use } = jwk;
  return { kty, alg, use, kid, n, e };
}

export async function toSigningKey(entry: { jwk: JWK; certificate: string }): Promise<SigningKey> {
  const privateKey = (await importJWK(entry.jwk, 'RS256')) as CryptoKey;
  return {
    kid: entry.jwk.kid as string,
    privateJwk: entry.jwk,
    publicJwk: publicPart(entry.jwk),
    privateKey,
    certificatePem: entry.certificate,
  };
}

async function readKeyFile(path: string): Promise<KeyFileEntry[] | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new KeyFileError(`cannot read key file ${path}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new KeyFileError(`key file ${path} is not valid JSON: delete it to generate new keys`);
  }
  const entries = keyFileEntries(parsed);
  if (!entries) {
    throw new KeyFileError(`key file ${path} is not a mock-idp key file: delete it to generate new keys`);
  }
  return entries;
}

/**
 * Loads the signing keys from `path`, or generates one and persists it there on first start, so the JWKS and
 * `kid` stay the same across restarts. Safe when several processes start at once: the first writer wins and the
 * others read its file.
 */
export async function loadOrCreateSigningKeys(path: string): Promise<SigningKey[]> {
  const existing = await readKeyFile(path);
  if (existing) return Promise.all(existing.map(toSigningKey));
  const entry = await generateSigningKey();
  await mkdir(dirname(path), { recursive: true });
  // Written whole to a private temporary file, then linked into place: link() fails if another process got
  // there first, and nobody ever reads a half-written file.
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, `${JSON.stringify({ keys: [entry] }, null, 2)}\n`, { mode: 0o600 });
    await link(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new KeyFileError(`cannot write key file ${path}: ${(error as Error).message}`);
    }
    return loadOrCreateSigningKeys(path);
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
  return [await toSigningKey(entry)];
}

/** Writes the key file whole (a temporary file renamed into place), newest key first. */
export async function saveSigningKeys(path: string, keys: SigningKey[]): Promise<void> {
  const entries = keys.map((key) => ({ jwk: key.privateJwk, certificate: key.certificatePem }));
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify({ keys: entries }, null, 2)}\n`, { mode: 0o600 });
  await rename(temporary, path);
}
