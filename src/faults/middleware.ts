import { setTimeout as sleep } from 'node:timers/promises';
import type { Context, Middleware } from 'koa';
import type { Adapter } from 'oidc-provider';
import { googlePaths } from '../google/paths.js';
import type { IdpContext } from '../server/context.js';
import { bodyParams } from '../server/replay-body.js';
import type { FaultSubject } from './book.js';

/** A body parameter as a string, if it is one. */
function bodyString(ctx: Context, name: string): string | undefined {
  const value = bodyParams(ctx)[name];
  return typeof value === 'string' ? value : undefined;
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

/** The account a code or refresh token was issued to, read as stored (oidc-provider checks the token itself). */
async function storedAccount(model: { adapter: Adapter }, id: string): Promise<string | undefined> {
  const accountId = (await model.adapter.find(id))?.accountId;
  return typeof accountId === 'string' ? accountId : undefined;
}

/** The persona a token endpoint request is about: the one its code or refresh token was issued to. */
async function tokenSub(idp: IdpContext, ctx: Context): Promise<string | undefined> {
  const code = bodyString(ctx, 'code');
  if (code) return storedAccount(idp.provider.AuthorizationCode, code);
  const refresh = bodyString(ctx, 'refresh_token');
  if (refresh) return storedAccount(idp.provider.RefreshToken, refresh);
  return undefined;
}

/** Which client and persona a request names, as far as its parameters tell (worked out once per request). */
export function subjectOf(idp: IdpContext, ctx: Context): Promise<FaultSubject> {
  const state = ctx.state as { subject?: Promise<FaultSubject> };
  state.subject ??= findSubject(idp, ctx);
  return state.subject;
}

async function findSubject(idp: IdpContext, ctx: Context): Promise<FaultSubject> {
  const param = (name: string) =>
    typeof ctx.query[name] === 'string' ? (ctx.query[name] as string) : bodyString(ctx, name);
  const clientId = param('client_id') ?? basicUser(ctx);
  const hint = param('login_hint') ?? bodyString(ctx, 'persona');
  const onToken = ctx.path === googlePaths.token;
  const sub = hint ? idp.personas.find(hint)?.sub : onToken ? await tokenSub(idp, ctx) : undefined;
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
    // The control surface stays prompt: a test must be able to clear a `slow` fault quickly.
    if (ctx.path.startsWith('/admin')) return next();
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
        // The code is used up, as after any failed exchange: an RP that retries it gets invalid_grant again.
        const code = bodyString(ctx, 'code');
        if (code) await (await idp.provider.AuthorizationCode.find(code))?.consume();
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
