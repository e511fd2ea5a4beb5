import type { KoaContextWithOIDC } from 'oidc-provider';
import { escapeHtml, page } from '../pages/html.js';

/** oidc-provider's logout form, told to end the session at the IdP too (`logout=yes`). */
function endingSession(form: string): string {
  return form.replace('</form>', '<input type="hidden" name="logout" value="yes"/></form>');
}

/**
 * The page RP-initiated logout shows. By default none to speak of: the form submits itself at once (a button
 * remains for browsers without JavaScript). With the scenario's `logout_confirmation: true`, a real question.
 */
export function logoutPage(confirm: boolean) {
  return async (ctx: KoaContextWithOIDC, form: string): Promise<void> => {
    ctx.type = 'html';
    if (confirm) {
      ctx.body = page(
        'Sign out - mock-idp',
        `<h1>Sign out of ${escapeHtml(ctx.host)}?</h1>
${form}
<div class="actions">
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>
<button type="submit" form="op.logoutForm">No, stay signed in</button>
</div>`,
      );
      return;
    }
    ctx.body = page(
      'Signing out - mock-idp',
      `<h1>Signing you out…</h1>
${endingSession(form)}
<noscript><button type="submit" form="op.logoutForm">Continue</button></noscript>
<script>document.getElementById('op.logoutForm').submit();</script>`,
    );
  };
}

/** Shown after a logout that named no `post_logout_redirect_uri`. */
export async function signedOutPage(ctx: KoaContextWithOIDC): Promise<void> {
  ctx.type = 'html';
  ctx.body = page('Signed out - mock-idp', '<h1>You are signed out</h1><p>You can close this window.</p>');
}
