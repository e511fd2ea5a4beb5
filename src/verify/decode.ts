import { decodeJwt, decodeProtectedHeader } from 'jose';

/** A JWS's header and claims, read without verifying anything. */
export interface Decoded {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
}

/**
 * Reads the header and claims of a JWS even when its signature fails, so every claim check still reports: a brand
 * sees all its problems at once. Returns why when the token cannot be read.
 */
export function decodeJws(jws: string): Decoded | { error: string } {
  try {
    return {
      header: decodeProtectedHeader(jws) as Record<string, unknown>,
      payload: decodeJwt(jws) as Record<string, unknown>,
    };
  } catch (error) {
    return { error: (error as Error).message };
  }
}
