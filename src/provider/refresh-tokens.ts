import { type AuthorizationCode, type Client, errors, type KoaContextWithOIDC } from 'oidc-provider';
import { OFFLINE } from './auto-consent.js';

/** Validates Google's `access_type` parameter: `online` (the default) or `offline`. */
export function access_type(_ctx: KoaContextWithOIDC, value: string | undefined): void {
  if (value !== undefined && value !== 'online' && value !== 'offline') {
    throw new errors.InvalidRequest(`access_type must be "online" or "offline", found "${value}"`);
  }
}

/** A refresh token comes with the code exchange only when the grant was given offline (`access_type=offline`). */
export function issueRefreshToken(ctx: KoaContextWithOIDC, client: Client, code: unknown): boolean {
  const grant = ctx.oidc.entities.Grant;
  const offline = grant?.getOIDCScope().split(' ').includes(OFFLINE) ?? false;
  return (
    client.grantTypeAllowed('refresh_token') && (offline || (code as AuthorizationCode).scopes.has(OFFLINE))
  );
}
