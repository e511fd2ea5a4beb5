import type { IdpContext } from '../server/context.js';

/**
 * Back to the scenario as loaded: clears the request and token logs, added personas and clients, registered
 * clients, sessions, codes and tokens, faults and the clock offset. Keeps the keys and the scenario.
 */
export async function reset(idp: IdpContext): Promise<void> {
  idp.log.clear();
  idp.personas.restore();
  await idp.store.clear();
  idp.faults.clear();
  idp.clock.reset();
}
