import { setTimeout as sleep } from 'node:timers/promises';
import type { Context, Middleware } from 'koa';
import { googlePaths } from '../google/paths.js';
import type { IdpContext } from '../server/context.js';
import type { BodyState } from '../server/replay-body.js';
import type { FaultSubject } from './book.js';

function formOf(ctx: Context): URLSearchParams {
  const raw = (ctx.state as BodyState).rawBody;
  return ctx.is('application/x-www-form-urlencoded') && raw
    ? new URLSearchParams(raw.toString('utf8'))
    : new URLSearchParams();
}

function basicUser(ctx: Context): string | undefined {
  const encoded = /^Basic (.+)$/i.exec(ctx.get('authorization'))?.[1];
  if (!encoded) return undefined;
  const user = Buffer.from(encoded, 'base64').toString('utf8').split(':')[0];
  try {
    return user ? decodeURIComponent(user) : undefined;
  } catch {
    return undefined;
  }
}

/** The persona a token endpoint request is about: the one its code or refresh token was issued to. */
async function tokenSub(idp: IdpContext, form: URLSearchParams): Promise<string | undefined> {
  const code = form.get('code');
  if (code) return (await idp.provider.AuthorizationCode.find(code))?.accountId;
  const refresh = form.get('refresh_token');
  if (refresh) return (await idp.provider.RefreshToken.find(refresh))?.accountId;
  return undefined;
}

/** Which client and persona a request names, as far as its parameters tell. */
export async function subjectOf(idp: IdpContext, ctx: Context): Promise<FaultSubject> {
  const form = formOf(ctx);
  const param = (name: string) =>
    typeof ctx.query[name] === 'string' ? (ctx.query[name] as string) : form.get(name);
  const clientId = param('client_id') ?? basicUser(ctx) ?? undefined;
  const hint = param('login_hint') ?? form.get('persona');
  const sub = hint
    ? idp.personas.find(hint)?.sub
    : ctx.path === googlePaths.token
      ? await tokenSub(idp, form)
      : undefined;
  return { clientId, sub };
}

const jwksPaths: string[] = [googlePaths.jwks, googlePaths.pemCerts];

/**
 * The flow faults that act on whole requests: `slow:<ms>` on every endpoint it covers, `jwks_unavailable` on the
 * key endpoints, `invalid_grant_on_token` and `token_endpoint_500` on the token endpoint. Authorization errors act
 * in the login step (provider/headless-login, interactions), token faults where ID tokens are minted.
 */
export function flowFaults(idp: IdpContext): Middleware {
  return async (ctx, next) => {
    const subject = await subjectOf(idp, ctx);
    const delay = (await idp.faults.acting('slow', subject)).reduce((total, f) => total + f.ms, 0);
    if (delay > 0) await sleep(delay);
    if (jwksPaths.includes(ctx.path) && (await idp.faults.acting('jwks', {})).length > 0) {
      ctx.status = 503;
      ctx.set('Retry-After', '5');
      ctx.body = {
        error: 'temporarily_unavailable',
        error_description: 'the JWKS is unavailable (fault jwks_unavailable)',
      };
      return;
    }
    if (ctx.path === googlePaths.token && ctx.method === 'POST') {
      const [fault] = await idp.faults.acting('token_endpoint', subject);
      if (fault?.name === 'invalid_grant_on_token') {
        ctx.status = 400;
        ctx.body = { error: 'invalid_grant', error_description: 'Bad Request' };
        return;
      }
      if (fault?.name === 'token_endpoint_500') {
        ctx.status = 500;
        ctx.body = { error: 'server_error', error_description: 'internal error (fault token_endpoint_500)' };
        return;
      }
    }
    await next();
  };
}
