import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { ConfigError, formatIssues } from './errors.js';
import { defaultConfigFile, scenarioFile } from './paths.js';
import { type Config, configSchema, type Scenario, scenarioSchema } from './schema.js';

/** The YAML parser's first message line, without the position it repeats. */
function firstLine(message: string): string {
  return (message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
}

async function readYaml(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    throw new ConfigError([`${file}: ${reason}`]);
  }
  try {
    return parseYaml(text) ?? {};
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const at = error.linePos?.[0];
      throw new ConfigError([
        `${file}:${at ? `${at.line}:${at.col}` : ''} not valid YAML: ${firstLine(error.message)}`,
      ]);
    }
    throw error;
  }
}

async function loadFile<S extends z.ZodType>(file: string, schema: S): Promise<z.output<S>> {
  const result = schema.safeParse(await readYaml(file), { reportInput: true });
  if (!result.success) throw new ConfigError(formatIssues(file, result.error.issues));
  return result.data;
}

/** Reads and validates a config file (the shipped `config/default.yaml` unless one is named). */
export function loadConfig(file = defaultConfigFile): Promise<Config> {
  return loadFile(resolve(file), configSchema);
}

export function loadScenario(nameOrPath: string): Promise<Scenario> {
  return loadFile(scenarioFile(nameOrPath), scenarioSchema);
}
