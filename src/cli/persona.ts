import { systemClock } from '../clock.js';
import { personaClaims } from '../personas/claims.js';
import { PersonaRegistry } from '../personas/registry.js';
import { configuredBaseUrl, loadScenarioCommand } from './scenario-args.js';
import { UsageError } from './usage-error.js';

/** `mock-idp persona ID [--scenario X]`: one persona's full ID token claims, `lp_sdes` included, as JSON. */
export async function runPersona(args: string[]): Promise<void> {
  const { setup, personas, positionals } = await loadScenarioCommand(args, 1);
  const [handle, extra] = positionals;
  if (handle === undefined || extra !== undefined) {
    throw new UsageError('usage: mock-idp persona ID [--scenario NAME|FILE]');
  }
  const registry = new PersonaRegistry(setup.scenario.seed, personas);
  const persona = registry.find(handle);
  if (!persona) {
    throw new UsageError(
      `no persona "${handle}" in ${setup.scenarioFile}; known ids: ${registry.ids().join(', ')}`,
    );
  }
  const claims = personaClaims(persona, configuredBaseUrl(setup), 'id_token', {
    now: systemClock.now(),
    lpSdes: true,
  });
  console.log(JSON.stringify({ id: persona.id, ...claims }, null, 2));
}
