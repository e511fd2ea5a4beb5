import type { Client } from 'oidc-provider';

/** Whether a client's ID tokens carry `lp_sdes`: its own `lp_sdes` metadata, else the scenario's default. */
export function lpSdesFor(client: Client | undefined, scenarioDefault: boolean): boolean {
  return (client as { lp_sdes?: boolean } | undefined)?.lp_sdes ?? scenarioDefault;
}
