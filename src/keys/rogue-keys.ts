import { exportJWK, generateKeyPair, type JWK } from 'jose';

/** An RSA key pair no relying party trusts or holds, for the faults that need a wrong key. */
export interface RogueKey {
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/**
 * Made on first use only (generating an RSA key takes a while) and kept for the IdP's lifetime: one key signs
 * `bad_signature` tokens, the same key receives `wrong_encryption_key` tokens.
 */
export class RogueKeys {
  #key: Promise<RogueKey> | undefined;

  get(): Promise<RogueKey> {
    this.#key ??= generateKeyPair('RS256', { modulusLength: 2048, extractable: true }).then(async (pair) => ({
      privateKey: pair.privateKey,
      publicJwk: await exportJWK(pair.publicKey),
    }));
    return this.#key;
  }
}
