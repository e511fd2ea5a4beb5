import { CompactEncrypt, type JWK } from 'jose';

/** Key management algorithms and content encryptions mock-idp encrypts ID tokens with. */
export const encryptionAlgs = ['RSA-OAEP', 'RSA-OAEP-256'] as const;
export const encryptionEncs = ['A128CBC-HS256', 'A256CBC-HS512', 'A128GCM', 'A256GCM'] as const;
export type EncryptionAlg = (typeof encryptionAlgs)[number];
export type EncryptionEnc = (typeof encryptionEncs)[number];

/** Whom an ID token is encrypted to: the recipient's public key and the algorithms it asked for. */
export interface EncryptionTarget {
  /** Public JWK of the recipient (the chat platform). Its `kid`, if any, goes in the JWE header. */
  key: JWK;
  alg: EncryptionAlg;
  enc: EncryptionEnc;
}

const encoder = new TextEncoder();

/**
 * Wraps a signed ID token into a compact JWE to the recipient: a nested JWT, signed by the IdP then encrypted,
 * with `cty: "JWT"` and the recipient key's `kid` in the header.
 */
export function encryptIdToken(signed: string, target: EncryptionTarget): Promise<string> {
  const header = {
    alg: target.alg,
    enc: target.enc,
    cty: 'JWT',
    ...(target.key.kid ? { kid: target.key.kid } : {}),
  };
  return new CompactEncrypt(encoder.encode(signed)).setProtectedHeader(header).encrypt(target.key);
}
