import type { Context } from 'koa';
import { badRequest, HttpError } from './http-error.js';
import type { BodyState } from './replay-body.js';

/** Largest request body any of our own routes accepts. */
export const BODY_LIMIT_BYTES = 100 * 1024;

/** The request body as text (as `captureBody` kept it, else read here), refusing more than `BODY_LIMIT_BYTES`. */
export async function readText(ctx: Context): Promise<string> {
  const { rawBody } = ctx.state as BodyState;
  if (rawBody) return rawBody.toString('utf8');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > BODY_LIMIT_BYTES) {
      throw new HttpError(413, 'invalid_request', `request body larger than ${BODY_LIMIT_BYTES} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads an `application/x-www-form-urlencoded` body. */
export async function readForm(ctx: Context): Promise<URLSearchParams> {
  return new URLSearchParams(await readText(ctx));
}

/** Reads a JSON object body; anything else is a 400 `invalid_request` naming what was wrong. */
export async function readJsonObject(ctx: Context): Promise<Record<string, unknown>> {
  if (!ctx.is('application/json')) {
    throw badRequest('invalid_request', 'send the body as JSON with Content-Type: application/json');
  }
  const text = await readText(ctx);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw badRequest('invalid_request', `the body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw badRequest('invalid_request', 'the body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}
