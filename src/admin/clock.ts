import type { Context } from 'koa';
import type { IdpContext } from '../server/context.js';
import { badRequest } from '../server/http-error.js';
import { readJsonObject } from '../server/read-body.js';

/** How far the clock may be moved from real time: a century either way. */
const MAX_OFFSET_S = 100 * 365 * 24 * 3600;
/** The last second of year 9999: the latest time a date (the logs', the debug page's) can show. */
const MAX_TIME_S = 253_402_300_799;

/** `PUT /admin/clock` with `{ "offset_s": N }` or `{ "frozen_at": <epoch s> }`: shifts or freezes the IdP's time. */
export async function putClock(idp: IdpContext, ctx: Context): Promise<void> {
  const body = await readJsonObject(ctx);
  const { offset_s, frozen_at, ...rest } = body;
  const usage = 'send {"offset_s": <seconds>} or {"frozen_at": <epoch seconds>}';
  if (Object.keys(rest).length > 0 || (offset_s === undefined) === (frozen_at === undefined))
    throw badRequest('invalid_request', usage);
  const value = offset_s ?? frozen_at;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw badRequest(
      'invalid_request',
      `${offset_s !== undefined ? '"offset_s"' : '"frozen_at"'} must be a whole number of seconds`,
    );
  }
  const [name, min, max] =
    offset_s !== undefined ? ['offset_s', -MAX_OFFSET_S, MAX_OFFSET_S] : ['frozen_at', 0, MAX_TIME_S];
  if (value < min || value > max)
    throw badRequest('invalid_request', `"${name}" must be between ${min} and ${max} seconds`);
  if (offset_s !== undefined) idp.clock.setOffset(value);
  else idp.clock.freeze(value);
  await idp.clock.published();
  ctx.body = idp.clock.state();
}
