import { ConfigError } from '../config/errors.js';
import { KeyFileError } from '../keys/key-file-error.js';
import { TlsError } from '../server/tls-error.js';
import { StoreConnectError } from '../store/store.js';
import { helpText } from './help.js';
import { UsageError } from './usage-error.js';

/** Each command is loaded only when run, so `--help` and argument errors answer at once. */
const commands: Record<string, () => Promise<(args: string[]) => Promise<void>>> = {
  start: async () => (await import('./start.js')).runStart,
  personas: async () => (await import('./personas.js')).runPersonas,
  persona: async () => (await import('./persona.js')).runPersona,
  scenario: async () => (await import('./scenario.js')).runScenario,
  token: async () => (await import('./token.js')).runToken,
  keys: async () => (await import('./keys.js')).runKeys,
  verify: async () => (await import('./verify.js')).runVerify,
};

/** A message for mistakes a user can make and fix; undefined for bugs. */
function userFacing(error: unknown): string | undefined {
  if (error instanceof UsageError || error instanceof KeyFileError || error instanceof TlsError) {
    return `mock-idp: ${error.message}`;
  }
  if (error instanceof StoreConnectError) return `mock-idp: ${error.message}`;
  if (error instanceof ConfigError) return error.problems.map((p) => `mock-idp: ${p}`).join('\n');
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return `mock-idp: ${(error as Error).message.split('\n')[0]} (see mock-idp --help)`;
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    return `mock-idp: ${(error as Error).message.split('\n')[0]} (see mock-idp --help)`;
  }
  if (code === 'EADDRINUSE') return `mock-idp: ${(error as Error).message}: choose another port with --port`;
  if (code === 'EACCES' || code === 'EADDRNOTAVAIL')
    return `mock-idp: cannot listen: ${(error as Error).message}`;
  return undefined;
}

async function main(argv: string[]): Promise<void> {
  const [first, ...rest] = argv;
  if (first === '--help' || first === '-h' || first === 'help') {
    process.stdout.write(helpText);
    return;
  }
  const named = first !== undefined && !first.startsWith('-');
  const load = named ? (Object.hasOwn(commands, first) ? commands[first] : undefined) : commands.start;
  if (!load) throw new UsageError(`unknown command "${first}" (see mock-idp --help)`);
  await (await load())(named ? rest : argv);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const message = userFacing(error);
  if (message === undefined) {
    console.error(error);
    process.exit(1);
  }
  console.error(message);
  process.exit(2);
});
