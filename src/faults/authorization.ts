import { errors } from 'oidc-provider';
import type { FaultBook, FaultSubject } from './book.js';
import type { AuthorizationError } from './catalogue.js';

const errorClass: Record<AuthorizationError, (description: string) => Error> = {
  access_denied: (d) => new errors.AccessDenied(d),
  login_required: (d) => new errors.LoginRequired(d),
  interaction_required: (d) => new errors.InteractionRequired(d),
  temporarily_unavailable: (d) => new errors.TemporarilyUnavailable(d),
  server_error: (d) => new errors.CustomOIDCProviderError('server_error', d),
};

/** The authorization error a fault makes this request end with, if any. */
export async function authorizationFault(
  faults: FaultBook,
  subject: FaultSubject,
): Promise<{ error: AuthorizationError; error_description: string } | undefined> {
  const [fault] = await faults.acting('authorization', subject);
  return (
    fault && { error: fault.name, error_description: `the IdP refused the request (fault ${fault.name})` }
  );
}

/** The same, as the oidc-provider error that sends it back to the client's redirect URI. */
export async function throwAuthorizationFault(faults: FaultBook, subject: FaultSubject): Promise<void> {
  const fault = await authorizationFault(faults, subject);
  if (fault) throw errorClass[fault.error](fault.error_description);
}
