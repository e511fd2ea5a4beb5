import Router from '@koa/router';
import type { Context } from 'koa';
import type Provider from 'oidc-provider';
import { authorizationFault } from '../faults/authorization.js';
import type { Persona } from '../personas/persona.js';
import type { IdpContext } from '../server/context.js';
import { readForm } from '../server/read-body.js';
import { pickerPage } from './picker-page.js';

type Details = Awaited<ReturnType<Provider['interactionDetails']>>;

async function finish(provider: Provider, ctx: Context, result: Record<string, unknown>): Promise<void> {
  await provider.interactionFinished(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
  ctx.respond = false;
}

/** Consent is implied on this mock (see provider/auto-consent): any consent prompt is granted as asked. */
async function grantConsent(provider: Provider, details: Details): Promise<string> {
  const { accountId } = details.session ?? {};
  const clientId = String(details.params.client_id);
  const existing = details.grantId ? await provider.Grant.find(details.grantId) : undefined;
  const grant = existing ?? new provider.Grant({ accountId, clientId });
  const missing = (details.prompt.details.missingOIDCScope as string[] | undefined) ?? [];
  if (missing.length > 0) grant.addOIDCScope(missing.join(' '));
  return grant.save();
}

/** Logs the chosen persona in, unless a fault makes the flow end with an authorization error instead. */
async function logIn(idp: IdpContext, ctx: Context, persona: Persona, details: Details): Promise<void> {
  const fault = await authorizationFault(idp.faults, {
    sub: persona.sub,
    clientId: String(details.params.client_id),
  });
  return finish(idp.provider, ctx, fault ?? { login: { accountId: persona.sub } });
}

/**
 * The login interaction oidc-provider sends a browser to when nobody is logged in: a persona picker, or, when
 * the request named a persona in `login_hint` together with `prompt=login`, that persona at once.
 */
export function interactionRoutes(idp: IdpContext): Router {
  const { provider, personas } = idp;
  const router = new Router();

  router.get('/interaction/:uid', async (ctx) => {
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    if (details.prompt.name === 'consent') {
      return finish(provider, ctx, { consent: { grantId: await grantConsent(provider, details) } });
    }
    const hint = typeof details.params.login_hint === 'string' ? details.params.login_hint : undefined;
    const hinted = hint ? await personas.resolveHint(hint) : undefined;
    if (hinted && !String(details.params.prompt ?? '').includes('select_account')) {
      return logIn(idp, ctx, hinted, details);
    }
    const client = await provider.Client.find(String(details.params.client_id));
    ctx.type = 'html';
    ctx.body = pickerPage({
      uid: details.uid,
      basePath: new URL(idp.baseUrl).pathname.replace(/\/$/, ''),
      clientName: client?.clientName ?? String(details.params.client_id),
      personas: personas.list(),
      hinted,
    });
  });

  router.post('/interaction/:uid/login', async (ctx) => {
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    const persona = personas.find((await readForm(ctx)).get('persona') ?? '');
    if (!persona) {
      return finish(provider, ctx, { error: 'invalid_request', error_description: 'unknown persona chosen' });
    }
    return logIn(idp, ctx, persona, details);
  });

  router.post('/interaction/:uid/abort', async (ctx) => {
    await provider.interactionDetails(ctx.req, ctx.res);
    return finish(provider, ctx, {
      error: 'access_denied',
      error_description: 'The user cancelled the login.',
    });
  });

  return router;
}
