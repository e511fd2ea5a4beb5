import { timingSafeEqual } from 'node:crypto';
import type { Middleware } from 'koa';
import { HttpError } from './http-error.js';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host);
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Guards the test conveniences (`/api`, `/admin`): open on loopback, and behind `Authorization: Bearer <admin
 * token>` whenever an admin token is set (always when the server is reachable beyond loopback).
 */
export function requireAdminToken(token: string | undefined): Middleware {
  return async (ctx, next) => {
    if (token !== undefined) {
      const given = /^Bearer (.+)$/.exec(ctx.get('authorization'))?.[1];
      if (given === undefined || !sameSecret(given, token)) {
        ctx.set('WWW-Authenticate', 'Bearer realm="mock-idp admin"');
        throw new HttpError(
          401,
          'unauthorized',
          given === undefined
            ? 'this endpoint needs Authorization: Bearer <admin token> (the --admin-token the IdP was started with)'
            : 'wrong admin token',
        );
      }
    }
    await next();
  };
}
