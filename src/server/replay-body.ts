import { IncomingMessage } from 'node:http';
import type { Context, Middleware } from 'koa';
import { HttpError } from './http-error.js';
import { BODY_LIMIT_BYTES } from './read-body.js';

/** The raw request body, read once by `captureBody` (absent for GET, HEAD and OPTIONS). */
export interface BodyState {
  rawBody?: Buffer;
  /** `bodyParams(ctx)`, parsed once. */
  bodyParams?: Record<string, unknown>;
}

async function readAll(request: IncomingMessage): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > BODY_LIMIT_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > BODY_LIMIT_BYTES) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, size);
}

function tooLarge(): HttpError {
  return new HttpError(413, 'invalid_request', `request body larger than ${BODY_LIMIT_BYTES} bytes`);
}

/** A fresh request carrying the same method, URL, headers and body, for downstream readers. */
function replayOf(original: IncomingMessage, body: Buffer): IncomingMessage {
  const replay = new IncomingMessage(original.socket);
  Object.assign(replay, {
    method: original.method,
    url: original.url,
    headers: original.headers,
    rawHeaders: original.rawHeaders,
    httpVersion: original.httpVersion,
    httpVersionMajor: original.httpVersionMajor,
    httpVersionMinor: original.httpVersionMinor,
    // Marks the message as fully received, as the HTTP parser would: otherwise ending it would abort the socket.
    complete: true,
  });
  replay.push(body);
  replay.push(null);
  return replay;
}

/**
 * Reads every request body once, capped at `BODY_LIMIT_BYTES` (413 beyond), and keeps it in `ctx.state.rawBody`,
 * where the faults, the request log and mock-idp's own routes (`readText`) read it.
 */
export const captureBody: Middleware = async (ctx: Context, next) => {
  if (ctx.method === 'GET' || ctx.method === 'HEAD' || ctx.method === 'OPTIONS') return next();
  (ctx.state as BodyState).rawBody = await readAll(ctx.req);
  await next();
};

/**
 * Hands oidc-provider, which reads the body from the request stream itself, an identical request to read the
 * captured body from again. Runs just before it, so requests mock-idp answers itself skip the copy.
 */
export const replayBody: Middleware = (ctx: Context, next) => {
  const { rawBody } = ctx.state as BodyState;
  if (rawBody) {
    const replay = replayOf(ctx.req, rawBody);
    ctx.req = replay;
    ctx.request.req = replay;
  }
  return next();
};

/** The request's form or JSON body parameters (for the faults and the request log); empty for anything else. */
export function bodyParams(ctx: Context): Record<string, unknown> {
  const state = ctx.state as BodyState;
  state.bodyParams ??= parseBody(ctx, state.rawBody);
  return state.bodyParams;
}

function parseBody(ctx: Context, raw: Buffer | undefined): Record<string, unknown> {
  if (!raw || raw.length === 0) return {};
  const text = raw.toString('utf8');
  if (ctx.is('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  if (!ctx.is('application/json')) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}
