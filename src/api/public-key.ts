import type { Context } from 'koa';
import { PublicKeyFormatError, parsePublicKeyFormat, publicKeyAs } from '../keys/public-formats.js';
import type { SigningKey } from '../keys/signing-keys.js';
import { badRequest } from '../server/http-error.js';

const contentType = {
  jwks: 'application/json',
  pem: 'application/x-pem-file',
  'spki-line': 'text/plain',
} as const;

/**
 * `GET /api/public-key?format=jwks|pem|spki-line`: our signing public key; `spki-line` is the one-line form the
 * platform's "JWT Public Key" connector field takes.
 */
export async function publicKey(keys: SigningKey[], ctx: Context): Promise<void> {
  const requested = typeof ctx.query.format === 'string' ? ctx.query.format : 'jwks';
  let format: ReturnType<typeof parsePublicKeyFormat>;
  try {
    format = parsePublicKeyFormat(requested, 'format');
  } catch (error) {
    if (error instanceof PublicKeyFormatError) throw badRequest('invalid_request', error.message);
    throw error;
  }
  ctx.type = contentType[format];
  ctx.body = `${await publicKeyAs(keys, format)}\n`;
}
