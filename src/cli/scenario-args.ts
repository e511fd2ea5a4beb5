import { parseArgs } from 'node:util';
import { loadSetup, type Setup } from '../config/setup.js';
import { scenarioPersonas } from '../personas/from-scenario.js';
import type { Persona } from '../personas/persona.js';

export interface ScenarioCommand {
  setup: Setup;
  personas: Persona[];
  positionals: string[];
  json: boolean;
}

/** Parses `[--scenario X] [--config FILE] [--json]` and loads that scenario's personas, for the read-only commands. */
export async function loadScenarioCommand(args: string[], positionals: number): Promise<ScenarioCommand> {
  const { values, positionals: rest } = parseArgs({
    args,
    strict: true,
    allowPositionals: positionals > 0,
    options: {
      scenario: { type: 'string' },
      config: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const setup = await loadSetup({ scenario: values.scenario, configFile: values.config });
  return { setup, personas: scenarioPersonas(setup.scenario), positionals: rest, json: values.json ?? false };
}

/** The base URL tokens and avatars would use for a server started from this config. */
export function configuredBaseUrl(setup: Setup): string {
  const { host, port, issuer } = setup.config.server;
  return issuer ?? `http://${host}:${port}`;
}
