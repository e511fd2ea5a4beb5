import { scenarioFile } from '../config/paths.js';
import { loadSetup } from '../config/setup.js';
import { scenarioPersonas } from '../personas/from-scenario.js';
import { UsageError } from './usage-error.js';

/** `mock-idp scenario check FILE`: validates a scenario file (and the config it joins) without starting. */
export async function runScenario(args: string[]): Promise<void> {
  const [action, file, extra] = args;
  if (action !== 'check' || file === undefined || extra !== undefined) {
    throw new UsageError('usage: mock-idp scenario check FILE|NAME');
  }
  const setup = await loadSetup({ scenario: file });
  const personas = scenarioPersonas(setup.scenario).length;
  console.log(`${scenarioFile(file)}: ok (${personas} personas, ${setup.scenario.clients.length} clients)`);
}
