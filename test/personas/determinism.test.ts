import { describe, expect, it } from 'vitest';
import { loadSetup } from '../../src/config/setup.js';
import { personaClaims } from '../../src/personas/claims.js';
import { scenarioPersonas } from '../../src/personas/from-scenario.js';
import { runCli } from '../helpers/cli.js';

/** A fixed "now" so the ages in lp_sdes do not move with the calendar. */
const NOW = Date.UTC(2026, 0, 15) / 1000;

describe('persona determinism', () => {
  it("the default scenario's first personas are byte-identical to the snapshot (guards faker version and locale)", async () => {
    const { scenario } = await loadSetup({ scenario: 'default' });
    const claims = scenarioPersonas(scenario)
      .slice(0, 3)
      .map((persona) =>
        personaClaims(persona, 'http://127.0.0.1:9400', 'id_token', { now: NOW, lpSdes: true }),
      );
    await expect(`${JSON.stringify(claims, null, 2)}\n`).toMatchFileSnapshot(
      '__snapshots__/default-personas.json',
    );
  });

  it('two processes print the same persona', async () => {
    const [first, second] = await Promise.all([
      runCli(['persona', 'persona-4']),
      runCli(['persona', 'persona-4']),
    ]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('"lp_sdes"');
    expect(second.stdout).toBe(first.stdout);
  });
});
