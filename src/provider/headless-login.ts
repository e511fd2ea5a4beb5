import { errors, type KoaContextWithOIDC } from 'oidc-provider';
import { throwAuthorizationFault } from '../faults/authorization.js';
import type { FaultBook } from '../faults/book.js';
import type { PersonaRegistry } from '../personas/registry.js';

/** Prompts that ask for a person at the IdP, so `login_hint` only preselects instead of logging in. */
const interactivePrompts = ['login', 'select_account'];

/**
 * Headless login for test suites: a `login_hint` naming a persona (id, email or `sub`) logs that persona in
 * during the authorization request itself, so the IdP answers with one redirect straight back to the client:
 * no page, no cookies to keep. An unknown email creates a persona with that email; anything else unknown is
 * `invalid_request` sent back to the client (whose redirect_uri has been checked by then).
 *
 * `prompt=none` never logs anyone in: it only uses an existing session, as the spec says.
 *
 * Authorization faults (access_denied, login_required, …) of the persona, the client or the admin API end the
 * request here, sent back to the client like any authorization error.
 */
export function loginHintParam(personas: PersonaRegistry, faults: FaultBook) {
  return async function login_hint(ctx: KoaContextWithOIDC, value: string | undefined): Promise<void> {
    const clientId = ctx.oidc.client?.clientId;
    if (value === undefined) {
      await throwAuthorizationFault(faults, { clientId, sub: ctx.oidc.session?.accountId });
      return;
    }
    const persona = await personas.resolveHint(value);
    if (!persona) {
      throw new errors.InvalidRequest(
        `login_hint "${value}" is neither a known persona nor an email address; known persona ids: ${personas.ids().join(', ')}`,
      );
    }
    await throwAuthorizationFault(faults, { clientId, sub: persona.sub });
    const prompts = ctx.oidc.prompts;
    if (prompts.has('none') || interactivePrompts.some((p) => prompts.has(p))) return;
    ctx.oidc.session?.loginAccount({ accountId: persona.sub });
  };
}
