/**
 * Google's endpoint path layout, served on our own issuer.
 * Google spreads these over several hosts (accounts.google.com, oauth2.googleapis.com, …); mock-idp serves them
 * all from one base URL with the same paths.
 */
export const googlePaths = {
  discovery: '/.well-known/openid-configuration',
  authorization: '/o/oauth2/v2/auth',
  token: '/token',
  userinfo: '/v1/userinfo',
  revocation: '/revoke',
  jwks: '/oauth2/v3/certs',
  pemCerts: '/oauth2/v1/certs',
  deviceAuthorization: '/device/code',
  /** Not a Google path: RFC 7591 dynamic client registration, open on this mock. */
  registration: '/register',
  /** Not a Google path: RP-initiated logout, which users of every mock ask for. */
  endSession: '/logout',
} as const;
