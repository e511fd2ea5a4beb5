import type { IdpContext } from '../server/context.js';

/**
 * Back to the scenario as loaded: clears the request and token logs, added personas and clients, registered
 * clients, sessions, codes and tokens, faults and the clock offset. Keeps the keys and the scenario.
 */
export function reset(idp: IdpContext): void {
  idp.log.clear();
  idp.personas.restore();
  idp.store.clear();
  idp.faults.clear();
  idp.clock.reset();
}
