import { ConfigError } from './errors.js';
import { loadConfig, loadScenario, scenarioFile } from './load.js';
import type { ClientConfig, Config, Scenario } from './schema.js';

/** Everything the config file and the chosen scenario say, validated and merged. */
export interface Setup {
  config: Config;
  scenario: Scenario;
  /** The scenario file that was loaded. */
  scenarioFile: string;
  /** The config's clients, then the scenario's. */
  clients: ClientConfig[];
}

export interface SetupOptions {
  configFile?: string;
  /** Scenario name or path; default: the one the config names. */
  scenario?: string;
}

/** Loads and validates the config file and the scenario it (or `options.scenario`) names. */
export async function loadSetup(options: SetupOptions = {}): Promise<Setup> {
  const config = await loadConfig(options.configFile);
  const file = scenarioFile(options.scenario ?? config.scenario);
  const scenario = await loadScenario(file);
  const shared = new Set(config.clients.map((c) => c.client_id));
  const clashes = scenario.clients.flatMap((c, i) =>
    shared.has(c.client_id) ? [[c.client_id, i] as const] : [],
  );
  if (clashes.length > 0) {
    throw new ConfigError(
      clashes.map(
        ([id, i]) =>
          `${file}: clients[${i}].client_id: "${id}" is already defined in the config file; choose another id`,
      ),
    );
  }
  return { config, scenario, scenarioFile: file, clients: [...config.clients, ...scenario.clients] };
}
