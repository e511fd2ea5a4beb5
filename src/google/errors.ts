/**
 * Google's `error_description` texts for token endpoint errors (reference: google-oidc.md §11), keyed by
 * oidc-provider's error and its internal detail. Where Google's text is not known, oidc-provider's stays.
 */
export function googleTokenErrorDescription(error: string, detail: string | undefined): string | undefined {
  if (error === 'invalid_grant') {
    if (detail === undefined) return undefined;
    if (/refresh token/.test(detail)) return 'Token has been expired or revoked.';
    if (/not found/.test(detail)) return 'Malformed auth code.';
    return 'Bad Request';
  }
  if (error === 'invalid_client') {
    if (detail !== undefined && /not found|invalid client_id|no client/i.test(detail)) {
      return 'The OAuth client was not found.';
    }
    return 'Unauthorized';
  }
  return undefined;
}
