import type { Context } from 'koa';
import type { FaultSubject, RuleInput } from '../faults/book.js';
import { FaultError } from '../faults/parse.js';
import type { IdpContext } from '../server/context.js';
import { badRequest } from '../server/http-error.js';
import { readJsonObject } from '../server/read-body.js';

const KEYS = new Set(['faults', 'for', 'times']);

function scopeOf(idp: IdpContext, scope: unknown): FaultSubject | undefined {
  if (scope === undefined) return undefined;
  const { client_id, persona, ...rest } = (scope ?? {}) as Record<string, unknown>;
  if (
    typeof scope !== 'object' ||
    Object.keys(rest).length > 0 ||
    (client_id === undefined && persona === undefined)
  ) {
    throw badRequest(
      'invalid_request',
      '"for" must be {"client_id": "..."} and/or {"persona": "<id or email>"}',
    );
  }
  if (client_id !== undefined && typeof client_id !== 'string')
    throw badRequest('invalid_request', '"for.client_id" must be a string');
  if (persona !== undefined && typeof persona !== 'string')
    throw badRequest('invalid_request', '"for.persona" must be a string');
  const found = persona === undefined ? undefined : idp.personas.find(persona);
  if (persona !== undefined && !found) {
    throw badRequest(
      'unknown_persona',
      `no persona "${persona}"; known persona ids: ${idp.personas.ids().join(', ')}`,
    );
  }
  return { clientId: client_id, sub: found?.sub };
}

/** Reads `{ "faults": [...], "for"?: {...}, "times"?: N }`, refusing anything else with the field named. */
async function ruleOf(idp: IdpContext, ctx: Context, times?: number): Promise<RuleInput> {
  const body = await readJsonObject(ctx);
  const unknown = Object.keys(body).filter((key) => !KEYS.has(key));
  if (unknown.length > 0)
    throw badRequest('invalid_request', `unknown field "${unknown[0]}": expected faults, for, times`);
  const { faults } = body;
  if (!Array.isArray(faults) || faults.length === 0 || faults.some((f) => typeof f !== 'string')) {
    throw badRequest(
      'invalid_request',
      '"faults" must be a non-empty array of fault names, e.g. ["expired"]',
    );
  }
  const count = times ?? body.times;
  if (count !== undefined && (typeof count !== 'number' || !Number.isInteger(count) || count < 1)) {
    throw badRequest('invalid_request', '"times" must be a whole number of at least 1');
  }
  const scope = scopeOf(idp, body.for);
  return {
    faults,
    for: scope,
    shown: scope && (body.for as Record<string, string>),
    times: count as number | undefined,
  };
}

async function add(idp: IdpContext, rule: RuleInput): Promise<void> {
  try {
    await idp.faults.add(rule);
  } catch (error) {
    if (error instanceof FaultError) throw badRequest('invalid_request', error.message);
    throw error;
  }
}

/** `PUT /admin/faults`: adds a runtime fault rule (all requests, or those `for` a client or persona). */
export async function putFaults(idp: IdpContext, ctx: Context): Promise<void> {
  await add(idp, await ruleOf(idp, ctx));
  ctx.body = { faults: idp.faults.rules() };
}

/** `POST /admin/faults/next`: the same, for exactly the next matching request at each fault's endpoint. */
export async function nextFaults(idp: IdpContext, ctx: Context): Promise<void> {
  await add(idp, await ruleOf(idp, ctx, 1));
  ctx.body = { faults: idp.faults.rules() };
}
