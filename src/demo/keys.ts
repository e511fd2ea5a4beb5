import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { JWK } from 'jose';
import { KeyFileError } from '../keys/key-file-error.js';
import {
  generatePlatformKeyPair,
  platformKeyFiles,
  writePlatformKeyPair,
} from '../keys/platform-key-pair.js';
import { publicPart } from '../keys/signing-keys.js';
import { type DecryptionKey, decryptionKeysFromJson, KeyInputError } from '../verify/private-keys.js';

/** The demo platform's encryption key pair: the private JWK stays on the server, the public one goes to the IdP. */
export interface DemoKeys {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
  /** The private key as `verify` decrypts with. */
  decryptionKeys: DecryptionKey[];
}

/** Where the demo platform's key pair lives: `demo/` beside the signing keys. */
export function demoKeyDir(keyFile: string): string {
  return join(dirname(keyFile), 'demo');
}

async function readPrivateJwk(file: string): Promise<DemoKeys | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new KeyFileError(`cannot read the demo platform key ${file}: ${(error as Error).message}`);
  }
  try {
    const privateJwk = JSON.parse(text) as JWK;
    const decryptionKeys = decryptionKeysFromJson(privateJwk);
    if (privateJwk.kty !== 'RSA' || typeof privateJwk.kid !== 'string')
      throw new KeyInputError('not an RSA JWK with a kid');
    return { kid: privateJwk.kid, privateJwk, publicJwk: publicPart(privateJwk), decryptionKeys };
  } catch (error) {
    throw new KeyFileError(
      `${file} is not the demo platform's private RSA JWK (${(error as Error).message}): delete the folder ${dirname(file)} and a new key pair is made`,
    );
  }
}

/**
 * The demo platform's RSA key pair, read from `dir` or, on first use, generated and written there (private files
 * 0600). Another process writing the same folder at the same moment is fine: whichever wrote first wins.
 */
export async function loadOrCreateDemoKeys(dir: string, now = new Date()): Promise<DemoKeys> {
  const file = join(dir, platformKeyFiles.privateJwk);
  const existing = await readPrivateJwk(file);
  if (existing) return existing;
  try {
    await writePlatformKeyPair(dir, await generatePlatformKeyPair(`mock-idp-demo-${now.getUTCFullYear()}`));
  } catch (error) {
    // Refused because a file is there already: another instance has just written the pair (read it below).
    if (!(error instanceof KeyFileError)) throw error;
    const written = await readPrivateJwk(file);
    if (written) return written;
    throw error;
  }
  const created = await readPrivateJwk(file);
  if (!created) throw new KeyFileError(`${file} was written but cannot be read back`);
  return created;
}
