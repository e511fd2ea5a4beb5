import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/config/load.js';
import { scenariosDir } from '../../src/config/paths.js';
import type { Scenario } from '../../src/config/schema.js';
import { loadSetup } from '../../src/config/setup.js';
import { SUB_PATTERN } from '../../src/google/ids.js';
import { scenarioPersonas } from '../../src/personas/from-scenario.js';
import { buildLpSdes } from '../../src/personas/lp-sdes.js';
import type { Persona } from '../../src/personas/persona.js';
import { lpSdesSchema } from '../personas/lp-sdes-schema.js';

/** A fixed "now" for the ages in `lp_sdes`: 15 March 2026, noon UTC. */
const NOW = Date.UTC(2026, 2, 15, 12) / 1000;

/** Every scenario the package ships, by name; a new file in scenarios/ is tested without touching this file. */
const shipped = readdirSync(scenariosDir)
  .filter((file) => file.endsWith('.yaml'))
  .map((file) => file.slice(0, -'.yaml'.length))
  .sort();

function duplicates(values: string[]): string[] {
  return values.filter((value, index) => values.indexOf(value) !== index);
}

async function personasOf(name: string): Promise<{ scenario: Scenario; personas: Persona[] }> {
  const scenario = await loadScenario(name);
  return { scenario, personas: scenarioPersonas(scenario) };
}

it('the package ships the default, liveperson and sales-demo scenarios', () => {
  expect(shipped).toEqual(expect.arrayContaining(['default', 'liveperson', 'sales-demo']));
});

describe.each(shipped)('scenarios/%s.yaml', (name) => {
  it('loads with loadScenario and with loadSetup, the config file’s clients first', async () => {
    const scenario = await loadScenario(name);
    const setup = await loadSetup({ scenario: name });
    expect(setup.scenario).toEqual(scenario);
    expect(setup.scenarioFile).toBe(`${scenariosDir}/${name}.yaml`);
    const ids = setup.clients.map((c) => c.client_id);
    expect(ids).toEqual([...setup.config.clients, ...scenario.clients].map((c) => c.client_id));
    expect(ids).toContain('mock-client');
    expect(duplicates(ids)).toEqual([]);
  });

  it('yields personas with unique ids, subs and emails, and Google-shaped subs', async () => {
    const { personas } = await personasOf(name);
    expect(personas.length).toBeGreaterThan(0);
    expect(duplicates(personas.map((p) => p.id))).toEqual([]);
    expect(duplicates(personas.map((p) => p.sub))).toEqual([]);
    expect(duplicates(personas.map((p) => p.email.toLowerCase()))).toEqual([]);
    for (const persona of personas) expect(persona.sub, persona.id).toMatch(SUB_PATTERN);
  });

  it('gives every persona an lp_sdes claim of the documented structure', async () => {
    const { personas } = await personasOf(name);
    for (const persona of personas) {
      const result = lpSdesSchema.safeParse(buildLpSdes(persona, NOW));
      expect(result.error?.issues ?? [], persona.id).toEqual([]);
    }
  });

  it('keeps every field an explicit persona writes, and its name in step with given/family names', async () => {
    const { scenario, personas } = await personasOf(name);
    for (const { profile, ...fields } of scenario.personas.explicit) {
      const persona = personas.find((p) => p.id === fields.id);
      expect(persona, fields.id).toMatchObject({ ...fields, profile: profile ?? {} });
      if (fields.name === undefined) {
        expect(persona?.name, fields.id).toBe(`${persona?.given_name} ${persona?.family_name}`);
      }
    }
  });
});

describe('scenarios/liveperson.yaml', () => {
  it('has the chat platform’s Code Flow client: Basic auth and its two redirect URIs', async () => {
    const { clients } = await loadScenario('liveperson');
    expect(clients).toEqual([
      {
        client_id: 'liveperson',
        client_secret: expect.any(String),
        client_name: expect.any(String),
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: ['https://liveperson.net', 'https://liveperson.net/oauth2/code_redirect'],
      },
    ]);
  });

  it('has a few generated personas and six explicit ones with readable ids', async () => {
    const { scenario, personas } = await personasOf('liveperson');
    expect(scenario.description).not.toBe('');
    expect(scenario.personas.count).toBeGreaterThanOrEqual(2);
    expect(scenario.personas.explicit.map((p) => p.id)).toEqual([
      'vip-gold',
      'suspended-debtor',
      'cancelled-regular',
      'pending-newcomer',
      'business-admin',
      'workspace-user',
    ]);
    expect(personas).toHaveLength(scenario.personas.count + 6);
  });

  it('covers varied tiers, account states, balances, countries, currencies and phone types', async () => {
    const { scenario, personas } = await personasOf('liveperson');
    const explicitIds = new Set(scenario.personas.explicit.map((p) => p.id));
    const profiles = personas.filter((p) => explicitIds.has(p.id)).map((p) => p.profile);
    const distinct = (values: unknown[]) => new Set(values).size;

    expect(profiles.map((p) => p.ctype)).toEqual(
      expect.arrayContaining(['vip', 'gold', 'silver', 'regular']),
    );
    expect(profiles.map((p) => p.cstatus)).toEqual(
      expect.arrayContaining(['active', 'suspended', 'cancelled', 'pending']),
    );
    expect(profiles.some((p) => p.balance < 0)).toBe(true);
    expect(profiles.some((p) => p.balance > 0)).toBe(true);
    expect(distinct(profiles.map((p) => p.country))).toBeGreaterThanOrEqual(4);
    expect(distinct(profiles.map((p) => p.currency))).toBeGreaterThanOrEqual(4);
    expect(distinct(profiles.map((p) => p.phoneType))).toBeGreaterThanOrEqual(4);
  });

  it('has a company account and a Workspace-like user whose email is on its hosted domain', async () => {
    const { personas } = await personasOf('liveperson');
    const company = personas.find((p) => p.id === 'business-admin');
    expect(company?.profile).toMatchObject({ role: 'admin' });
    expect(company?.profile.companySize).toBeGreaterThan(100);

    const workspace = personas.find((p) => p.id === 'workspace-user');
    expect(workspace?.hd).toBeTruthy();
    expect(workspace?.email.endsWith(`@${workspace.hd}`)).toBe(true);
    expect(personas.filter((p) => p.hd !== undefined)).toEqual([workspace]);
  });
});

describe('scenarios/sales-demo.yaml', () => {
  it('has exactly five hand-written personas and no generated ones', async () => {
    const { scenario, personas } = await personasOf('sales-demo');
    expect(scenario.personas.count).toBe(0);
    expect(scenario.personas.explicit).toHaveLength(5);
    expect(personas.map((p) => p.id)).toEqual(scenario.personas.explicit.map((p) => p.id));
  });

  it('writes the fields a demo shows instead of leaving them to the generator', async () => {
    const { scenario } = await personasOf('sales-demo');
    for (const persona of scenario.personas.explicit) {
      expect(Object.keys(persona), persona.id).toEqual(
        expect.arrayContaining(['given_name', 'family_name', 'email', 'preferred_username', 'phone_number']),
      );
      expect(Object.keys(persona.profile ?? {}), persona.id).toEqual(
        expect.arrayContaining([
          'ctype',
          'cstatus',
          'balance',
          'currency',
          'accountName',
          'birthDate',
          'country',
        ]),
      );
    }
  });

  it('uses only reserved example domains for email, and adult ages', async () => {
    const { personas } = await personasOf('sales-demo');
    for (const persona of personas) {
      expect(persona.email, persona.id).toMatch(/@([a-z0-9-]+\.)+example\.(com|org|net)$/);
      const [, { personal }] = buildLpSdes(persona, NOW);
      expect(personal.age.age, persona.id).toBeGreaterThanOrEqual(18);
    }
  });

  it('offers a Code Flow client that does not clash with the config file’s', async () => {
    const setup = await loadSetup({ scenario: 'sales-demo' });
    expect(setup.scenario.clients.map((c) => c.client_id)).toEqual(['liveperson']);
    expect(setup.scenario.clients[0]).toMatchObject({
      token_endpoint_auth_method: 'client_secret_basic',
      redirect_uris: ['https://liveperson.net', 'https://liveperson.net/oauth2/code_redirect'],
    });
  });
});
