import type { IdpContext } from '../server/context.js';

/**
 * Back to the scenario as loaded: clears the request and token logs, added personas and clients, registered
 * clients, sessions, codes and tokens, faults and the clock offset. Keeps the keys and the scenario. With a
 * Redis store, for every instance on it (each catches up before its next request).
 */
export async function reset(idp: IdpContext): Promise<void> {
  await idp.store.clear();
  idp.log.clear();
  idp.personas.restore();
  idp.clock.reset();
  await Promise.all([idp.faults.clear(), idp.clock.published()]);
}
