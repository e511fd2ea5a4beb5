import { basename, extname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The installed package's root: shipped `config/` and `scenarios/` resolve from here, whatever the cwd. */
export const packageRoot = fileURLToPath(new URL('../../', import.meta.url));
export const defaultConfigFile = resolve(packageRoot, 'config/default.yaml');
export const scenariosDir = resolve(packageRoot, 'scenarios');

/** A scenario by name (`scenarios/NAME.yaml` of the package) or by path (anything with a `/` or `.yaml`). */
export function scenarioFile(nameOrPath: string): string {
  const isPath = nameOrPath.includes('/') || ['.yaml', '.yml'].includes(extname(nameOrPath));
  if (isPath) return isAbsolute(nameOrPath) ? nameOrPath : resolve(nameOrPath);
  return resolve(scenariosDir, `${basename(nameOrPath)}.yaml`);
}
