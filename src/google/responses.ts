import { expandScopes } from './scopes.js';

type Json = Record<string, unknown>;

function pick(body: Json, order: readonly string[]): Json {
  const rest = Object.keys(body).filter((k) => !order.includes(k));
  return Object.fromEntries(
    [...order, ...rest].filter((k) => body[k] !== undefined).map((k) => [k, body[k]]),
  );
}

/** A token response in Google's field order, with Google's expanded scope URLs. */
export function toGoogleTokenResponse(body: Json): Json {
  const scope = typeof body.scope === 'string' ? expandScopes(body.scope) : undefined;
  return pick({ ...body, scope }, [
    'access_token',
    'expires_in',
    'scope',
    'token_type',
    'id_token',
    'refresh_token',
  ]);
}

/** The claims Google's userinfo returns, in its order (the ID token carries them too). */
export const googleUserinfoClaims = [
  'sub',
  'name',
  'given_name',
  'family_name',
  'picture',
  'email',
  'email_verified',
  'locale',
  'hd',
] as const;

/** A userinfo response in Google's field order. */
export function toGoogleUserinfo(body: Json): Json {
  return pick(body, googleUserinfoClaims);
}
