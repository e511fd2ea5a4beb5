import { decodeProtectedHeader } from 'jose';
import { decodeJws } from '../verify/decode.js';
import { decryptToken } from '../verify/decrypt.js';
import type { DecryptionKey } from '../verify/private-keys.js';

type Json = Record<string, unknown>;

/** An ID token taken apart for the Timeline: what the platform received, decrypted and read. */
export interface TokenParts {
  /** `JWE` (nested JWT: encrypted, then signed inside), `JWS` (signed only), or neither. */
  format: 'JWE' | 'JWS' | 'unreadable';
  /** The compact token as the platform received it. */
  compact: string;
  /** The JWE protected header, for an encrypted token. */
  jweHeader?: Json;
  /** The (inner) JWS header. */
  jwsHeader?: Json;
  claims?: Json;
  /** Why a part could not be read, in plain words. */
  problem?: string;
}

/**
 * Takes a token apart the way the platform does: a JWE is decrypted with the platform's private key first, then the
 * JWS header and claims are read (not verified: verification is `runChecks`' job, and a token that fails it is still
 * shown). Never throws.
 */
export async function tokenParts(token: string, keys: DecryptionKey[]): Promise<TokenParts> {
  const segments = token.split('.').length;
  if (segments === 5) {
    let jweHeader: Json | undefined;
    try {
      jweHeader = decodeProtectedHeader(token) as Json;
    } catch {
      return { format: 'unreadable', compact: token, problem: 'the JWE header cannot be read' };
    }
    const decrypted = await decryptToken(token, keys);
    if (decrypted.jws === undefined) {
      return {
        format: 'JWE',
        compact: token,
        jweHeader,
        problem: "the token does not decrypt with the platform's private key",
      };
    }
    return { format: 'JWE', compact: token, jweHeader, ...readJws(decrypted.jws) };
  }
  if (segments === 3) return { format: 'JWS', compact: token, ...readJws(token) };
  return {
    format: 'unreadable',
    compact: token,
    problem: `not a JWT: ${segments} dot-separated segment(s), where a JWS has 3 and a JWE 5`,
  };
}

function readJws(jws: string): Pick<TokenParts, 'jwsHeader' | 'claims' | 'problem'> {
  const decoded = decodeJws(jws);
  if ('error' in decoded) return { problem: `the signed token cannot be read: ${decoded.error}` };
  return { jwsHeader: decoded.header, claims: decoded.payload };
}
