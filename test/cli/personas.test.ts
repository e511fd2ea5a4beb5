import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('mock-idp personas', () => {
  it('--json lists id, sub, email, name, ctype and faults for each persona', async () => {
    const result = await runCli(['personas', '--json']);
    expect(result.code).toBe(0);
    const personas = JSON.parse(result.stdout);
    expect(personas).toHaveLength(23);
    for (const persona of personas) {
      expect(Object.keys(persona)).toEqual(['id', 'sub', 'email', 'name', 'ctype', 'faults']);
      expect(persona.sub).toMatch(/^[1-9][0-9]{20}$/);
    }
    expect(personas.slice(0, 10).every((p: { faults: string[] }) => p.faults.length === 0)).toBe(true);
    expect(personas.find((p: { id: string }) => p.id === 'fault-expired').faults).toEqual(['expired']);
    expect(personas.find((p: { id: string }) => p.id === 'fault-missing-claim-sub').faults).toEqual([
      'missing_claim:sub',
    ]);
  });

  it('prints a table by default', async () => {
    const result = await runCli(['personas']);
    expect(result.stdout.split('\n')[0]).toMatch(/^ID\s+NAME\s+EMAIL\s+CTYPE/);
    expect(result.stdout).toContain('persona-10');
  });
});

describe('mock-idp persona', () => {
  it('prints the full claims with lp_sdes', async () => {
    const result = await runCli(['persona', 'persona-2']);
    const claims = JSON.parse(result.stdout);
    expect(claims.id).toBe('persona-2');
    expect(claims.lp_sdes.map((sde: { type: string }) => sde.type)).toEqual(['ctmrinfo', 'personal']);
    expect(claims.lp_sdes[0].info.customerId).toBe(claims.sub);
  });

  it('an unknown id is one line naming the known ids, exit 2', async () => {
    const result = await runCli(['persona', 'nobody']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(
      /^mock-idp: no persona "nobody" in .*default\.yaml; known ids: persona-1, /,
    );
  });
});

describe('mock-idp scenario check', () => {
  it('says ok for a shipped scenario', async () => {
    const result = await runCli(['scenario', 'check', 'default']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/default\.yaml: ok \(23 personas, 0 clients\)/);
  });

  it('without a file: usage, exit 2', async () => {
    const result = await runCli(['scenario', 'check']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe('mock-idp: usage: mock-idp scenario check FILE|NAME');
  });
});
