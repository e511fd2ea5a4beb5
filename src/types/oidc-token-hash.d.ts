declare module 'oidc-token-hash' {
  /** base64url of the left half of the hash of `token`, the hash chosen by the JWS `alg` (OIDC Core 3.1.3.6). */
  export function generate(token: string, alg: string, crv?: string): string;
  const tokenHash: { generate: typeof generate };
  export default tokenHash;
}
