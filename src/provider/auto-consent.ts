import type { Grant, KoaContextWithOIDC } from 'oidc-provider';

/** Google's way to ask for a refresh token: `access_type=offline` on the authorization request. */
export const OFFLINE = 'offline_access';

/**
 * Consent is implied on this mock: every client gets the scopes it asks for, so no consent page ever shows.
 * The grant also records whether this request asked for offline access (`access_type=offline`), which decides
 * whether the code exchange issues a refresh token.
 */
export async function autoConsent(ctx: KoaContextWithOIDC): Promise<Grant | undefined> {
  const { oidc } = ctx;
  const accountId = oidc.session?.accountId;
  const clientId = oidc.client?.clientId;
  if (!accountId || !clientId) return undefined;
  const grantId = oidc.result?.consent?.grantId ?? oidc.session?.grantIdFor(clientId);
  const existing = grantId ? await oidc.provider.Grant.find(grantId) : undefined;
  const grant =
    existing && existing.accountId === accountId
      ? existing
      : new oidc.provider.Grant({ accountId, clientId });
  const scopes = new Set([...grant.getOIDCScope().split(' '), ...oidc.requestParamOIDCScopes]);
  scopes.delete('');
  if (oidc.params?.access_type === 'offline') scopes.add(OFFLINE);
  else scopes.delete(OFFLINE);
  grant.openid = { ...grant.openid, scope: [...scopes].join(' ') };
  await grant.save();
  return grant;
}
