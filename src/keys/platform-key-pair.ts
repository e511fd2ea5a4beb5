import { randomBytes } from 'node:crypto';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exportJWK, exportPKCS8, exportSPKI, generateKeyPair, type JWK } from 'jose';
import { KeyFileError } from './key-file-error.js';
import { publicPart } from './signing-keys.js';

/** The JWE key management algorithm the platform key is for (LivePerson's docs spell it `RSA_OAEP_256`). */
export const PLATFORM_KEY_ALG = 'RSA-OAEP-256';

/**
 * An RSA-2048 encryption key pair standing in for the chat platform's: mock-idp encrypts a client's ID tokens
 * to the public half (nested JWE, `RSA-OAEP-256`), and tests decrypt them with the private half.
 */
export interface PlatformKeyPair {
  kid: string;
  /** Private JWK (`use: "enc"`, `alg: "RSA-OAEP-256"`). */
  privateJwk: JWK;
  /** Public members only. */
  publicJwk: JWK;
  /** The private key as PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`). */
  privateKeyPem: string;
  /** `{ keys: [publicJwk] }`: what a client's `jwks` metadata takes. */
  publicJwks: { keys: JWK[] };
  /** The public key as SubjectPublicKeyInfo PEM (`-----BEGIN PUBLIC KEY-----`). */
  publicKeyPem: string;
}

/**
 * The default `kid`: `platform-<year>-<8 random hex>`, e.g. `platform-2026-3f9c01ab`. The year says how old the
 * key is (LivePerson names its keys by year, e.g. `lpsso2026`); the random part keeps two keys made in the same
 * year apart.
 */
export function defaultPlatformKid(now = new Date()): string {
  return `platform-${now.getUTCFullYear()}-${randomBytes(4).toString('hex')}`;
}

/** Generates the platform's RSA-2048 `RSA-OAEP-256` key pair (`kid` defaults to {@link defaultPlatformKid}). */
export async function generatePlatformKeyPair(kid = defaultPlatformKid()): Promise<PlatformKeyPair> {
  const { privateKey, publicKey } = await generateKeyPair(PLATFORM_KEY_ALG, {
    modulusLength: 2048,
    extractable: true,
  });
  const privateJwk: JWK = { ...(await exportJWK(privateKey)), kid, alg: PLATFORM_KEY_ALG, use: 'enc' };
  const publicJwk = publicPart(privateJwk);
  return {
    kid,
    privateJwk,
    publicJwk,
    privateKeyPem: await exportPKCS8(privateKey),
    publicJwks: { keys: [publicJwk] },
    publicKeyPem: await exportSPKI(publicKey),
  };
}

/** The files {@link writePlatformKeyPair} writes, by name inside the directory. */
export const platformKeyFiles = {
  privateJwk: 'platform-private.jwk.json',
  privateKeyPem: 'platform-private.pem',
  publicJwks: 'platform-public.jwks.json',
  publicKeyPem: 'platform-public.pem',
} as const;

export type PlatformKeyFile = keyof typeof platformKeyFiles;

const privateFiles: ReadonlySet<PlatformKeyFile> = new Set(['privateJwk', 'privateKeyPem']);

function contents(pair: PlatformKeyPair, file: PlatformKeyFile): string {
  switch (file) {
    case 'privateJwk':
      return `${JSON.stringify(pair.privateJwk, null, 2)}\n`;
    case 'publicJwks':
      return `${JSON.stringify(pair.publicJwks, null, 2)}\n`;
    case 'privateKeyPem':
      return `${pair.privateKeyPem.trimEnd()}\n`;
    case 'publicKeyPem':
      return `${pair.publicKeyPem.trimEnd()}\n`;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new KeyFileError(`cannot check ${path}: ${(error as Error).message}`);
  }
}

function refusal(path: string): KeyFileError {
  return new KeyFileError(
    `${path} already exists: not overwriting it (move it away or choose another directory)`,
  );
}

/**
 * Writes the pair into `dir` (created if missing) as the four {@link platformKeyFiles}; the private ones with
 * mode 0600. Refuses, with a {@link KeyFileError} naming the file, if any of them exists already; in that case
 * nothing is written. Returns the paths written, by file.
 */
export async function writePlatformKeyPair(
  dir: string,
  pair: PlatformKeyPair,
): Promise<Record<PlatformKeyFile, string>> {
  const files = Object.keys(platformKeyFiles) as PlatformKeyFile[];
  const paths = Object.fromEntries(files.map((file) => [file, join(dir, platformKeyFiles[file])])) as Record<
    PlatformKeyFile,
    string
  >;
  for (const file of files) {
    if (await exists(paths[file])) throw refusal(paths[file]);
  }
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new KeyFileError(`cannot create directory ${dir}: ${(error as Error).message}`);
  }
  for (const file of files) {
    const mode = privateFiles.has(file) ? 0o600 : 0o644;
    try {
      // `wx`: fails rather than overwrite a file that appeared since the check above.
      await writeFile(paths[file], contents(pair, file), { mode, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw refusal(paths[file]);
      throw new KeyFileError(`cannot write ${paths[file]}: ${(error as Error).message}`);
    }
  }
  return paths;
}
