import type { Context } from 'koa';

/** Largest request body any of our own routes accepts. */
export const BODY_LIMIT_BYTES = 100 * 1024;

export class BodyTooLarge extends Error {}

/** Reads the raw request body as text, refusing more than `BODY_LIMIT_BYTES`. */
export async function readText(ctx: Context): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > BODY_LIMIT_BYTES) throw new BodyTooLarge(`request body larger than ${BODY_LIMIT_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads an `application/x-www-form-urlencoded` body. */
export async function readForm(ctx: Context): Promise<URLSearchParams> {
  return new URLSearchParams(await readText(ctx));
}
