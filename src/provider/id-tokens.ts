import type Provider from 'oidc-provider';
import type { Client, KoaContextWithOIDC } from 'oidc-provider';
import type { Claims } from '../personas/claims.js';

/** Mints the ID token for claims oidc-provider has assembled, for one client. */
export type IdTokenMinter = (claims: Claims, client: Client, ctx: KoaContextWithOIDC) => Promise<string>;

interface IdTokenInstance {
  client: Client;
  ctx: KoaContextWithOIDC;
  payload(): Promise<Claims>;
}
type Issue = (this: IdTokenInstance, options: { use: string }) => Promise<string>;

/**
 * Google's code exchange always carries `at_hash`; oidc-provider leaves it out at the token endpoint (optional
 * there), so it is taken from the access token issued in the same response. The minter hashes it.
 */
function withAtHash(claims: Claims, ctx: KoaContextWithOIDC | undefined): Claims {
  const accessToken = ctx?.oidc?.entities?.AccessToken as { jti?: string } | undefined;
  if (claims.at_hash !== undefined || !accessToken?.jti) return claims;
  return { ...claims, at_hash: accessToken.jti };
}

/**
 * oidc-provider decides when an ID token is due and assembles its claims (account claims, nonce, at_hash,
 * c_hash, sid, auth_time); mock-idp mints it, so every ID token — token endpoint, implicit flow, envelope JWTs —
 * comes from the one minting path with Google's header and claims. Other JWTs oidc-provider signs are untouched.
 */
export function useMockIdpIdTokens(provider: Provider, mint: IdTokenMinter): void {
  const prototype = (provider.IdToken as unknown as { prototype: { issue: Issue } }).prototype;
  const issue = prototype.issue;
  prototype.issue = async function (options) {
    if (options.use !== 'idtoken') return issue.call(this, options);
    return mint(withAtHash(await this.payload(), this.ctx), this.client, this.ctx);
  };
}
