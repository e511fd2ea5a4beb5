import { personaSummary } from '../personas/summary.js';
import { loadScenarioCommand } from './scenario-args.js';

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  return rows
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** `mock-idp personas [--scenario X] [--json]`: the scenario's personas, as a table or JSON. */
export async function runPersonas(args: string[]): Promise<void> {
  const { personas, json } = await loadScenarioCommand(args, 0);
  if (json) {
    console.log(JSON.stringify(personas.map(personaSummary), null, 2));
    return;
  }
  const header = ['ID', 'NAME', 'EMAIL', 'CTYPE', 'CSTATUS', 'SUB'];
  const rows = personas.map((p) => [p.id, p.name, p.email, p.profile.ctype, p.profile.cstatus, p.sub]);
  console.log(table([header, ...rows]));
}
