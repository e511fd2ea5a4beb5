import { resolve } from 'node:path';
import { z } from 'zod';
import { scenarioPersonas } from '../personas/from-scenario.js';
import type { Persona } from '../personas/persona.js';
import { encryptionKeyFiles, type ProviderClient, providerClients } from './clients.js';
import { ConfigError, formatIssues } from './errors.js';
import { loadConfig, loadScenario } from './load.js';
import { defaultConfigFile, scenarioFile } from './paths.js';
import {
  type Config,
  clientSchema,
  personaOverridesSchema,
  type Scenario,
  scenarioSchema,
} from './schema.js';

/** Everything the config file and the chosen scenario say, validated and merged. */
export interface Setup {
  config: Config;
  scenario: Scenario;
  /** The scenario file that was loaded. */
  scenarioFile: string;
  /** The config's clients, then the scenario's, as oidc-provider takes them. */
  clients: ProviderClient[];
  /** Where each client was defined, as `FILE: clients[N]`, for error messages. */
  clientOrigins: Map<string, string>;
  /** The scenario's personas, generated from its seed with its overrides applied. */
  personas: Persona[];
  /** Every file the setup was read from (config, scenario, client key files). */
  files: string[];
}

/** Additions to the scenario given in code (`startMockIdp`), validated like the scenario file. */
export interface ScenarioAdditions {
  /** Replaces the scenario's seed. */
  seed?: number;
  /** More `personas.explicit[]` entries. */
  personas?: unknown[];
  /** More `clients[]` entries. */
  clients?: unknown[];
}

export interface SetupOptions extends ScenarioAdditions {
  configFile?: string;
  /** Scenario name or path; default: the one the config names. */
  scenario?: string;
}

const additionsSchema = z.strictObject({
  seed: z.number().int().optional(),
  personas: z.array(personaOverridesSchema).optional(),
  clients: z.array(clientSchema).optional(),
});

/** The scenario with the additions given in code merged in, checked again as a whole (duplicate ids…). */
function withAdditions(scenario: Scenario, file: string, additions: ScenarioAdditions): Scenario {
  if (additions.seed === undefined && !additions.personas && !additions.clients) return scenario;
  const { seed, personas, clients } = additions;
  const given = additionsSchema.safeParse({ seed, personas, clients }, { reportInput: true });
  if (!given.success) throw new ConfigError(formatIssues('startMockIdp options', given.error.issues));
  const merged = scenarioSchema.safeParse({
    ...scenario,
    seed: given.data.seed ?? scenario.seed,
    personas: {
      ...scenario.personas,
      explicit: [...scenario.personas.explicit, ...(given.data.personas ?? [])],
    },
    clients: [...scenario.clients, ...(given.data.clients ?? [])],
  });
  if (!merged.success)
    throw new ConfigError(formatIssues(`${file} with startMockIdp options`, merged.error.issues));
  return merged.data;
}

/** A scenario may not redefine a client of the config file. */
function refuseClientClashes(config: Config, scenario: Scenario, file: string): void {
  const shared = new Set(config.clients.map((c) => c.client_id));
  const clashes = scenario.clients.flatMap((c, i) =>
    shared.has(c.client_id) ? [[c.client_id, i] as const] : [],
  );
  if (clashes.length === 0) return;
  throw new ConfigError(
    clashes.map(
      ([id, i]) =>
        `${file}: clients[${i}].client_id: "${id}" is already defined in the config file; choose another id`,
    ),
  );
}

/** Loads and validates the config file and the scenario it (or `options.scenario`) names. */
export async function loadSetup(options: SetupOptions = {}): Promise<Setup> {
  const config = await loadConfig(options.configFile);
  const file = scenarioFile(options.scenario ?? config.scenario);
  const scenario = withAdditions(await loadScenario(file), file, options);
  refuseClientClashes(config, scenario, file);
  const configFile = options.configFile ?? defaultConfigFile;
  const clients = [
    ...(await providerClients(config.clients, configFile, scenario.encryption)),
    ...(await providerClients(scenario.clients, file, scenario.encryption)),
  ];
  const clientOrigins = new Map([
    ...config.clients.map((c, i) => [c.client_id, `${configFile}: clients[${i}]`] as const),
    ...scenario.clients.map((c, i) => [c.client_id, `${file}: clients[${i}]`] as const),
  ]);
  const files = [
    resolve(configFile),
    file,
    ...encryptionKeyFiles(config.clients, configFile),
    ...encryptionKeyFiles(scenario.clients, file),
  ];
  const personas = scenarioPersonas(scenario);
  return { config, scenario, scenarioFile: file, clients, clientOrigins, personas, files };
}
