import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { loadScenario } from '../../src/config/load.js';
import { scenarioSchema } from '../../src/config/schema.js';
import { loadSetup } from '../../src/config/setup.js';

/** The bad scenario files, each with a comment on its first line saying what is wrong with it. */
const fixturesDir = fileURLToPath(new URL('../fixtures/scenarios/', import.meta.url));

function fixture(name: string): string {
  return `${fixturesDir}${name}.yaml`;
}

/** The problems `load` reports; fails the test if it succeeds or throws anything but a ConfigError. */
async function problemsOf(load: () => Promise<unknown>): Promise<string[]> {
  const error = await load().then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ConfigError);
  const { problems, message } = error as ConfigError;
  expect(message).toBe(problems.join('\n'));
  return problems;
}

/** Like `startsWith`, but a failure shows both texts. */
function expectStartsWith(line: string | undefined, prefix: string): void {
  expect(line?.slice(0, prefix.length)).toBe(prefix);
}

const scenarioProblems = (name: string) => problemsOf(() => loadScenario(fixture(name)));

/** Each bad file and the exact lines it must produce, after `FILE: `. */
const cases: Array<[name: string, lines: string[]]> = [
  ['wrong-type', ['seed: expected number, found string "abc"']],
  [
    'unknown-top-level-key',
    ['(top level): unknown key "persnas": remove or correct it (typos are not ignored)'],
  ],
  [
    'unknown-client-key',
    [
      'clients[0].redirect_uris: expected array, found nothing',
      'clients[0]: unknown key "redirect_uri": remove or correct it (typos are not ignored)',
    ],
  ],
  ['missing-description', ['description: expected string, found nothing']],
  ['client-without-redirect-uris', ['clients[1].redirect_uris: expected array, found nothing']],
  [
    'bad-phone-type',
    [
      'personas.explicit[0].profile.phoneType: expected one of "HOME", "MOBILE", "WORK", "FAX", "MAIN", "HOME_FAX", "WORK_FAX", "PAGER", "OTHER", found string "CELL"',
    ],
  ],
  [
    'bad-redirect-uri',
    [
      'clients[1].redirect_uris[0]: expected an absolute http(s) URL such as https://app.example.test/callback (or a reverse-DNS app scheme such as com.example.app:/callback), found string "/oauth2/callback"',
    ],
  ],
];

describe('a bad scenario file', () => {
  it.each(cases)(
    '%s.yaml gives exactly its problems, each naming the file and the field',
    async (name, lines) => {
      const file = fixture(name);
      expect(await scenarioProblems(name)).toEqual(lines.map((line) => `${file}: ${line}`));
    },
  );

  it('that is not valid YAML (a key twice) is reported at its line:column', async () => {
    const file = fixture('duplicate-yaml-key');
    const problems = await scenarioProblems('duplicate-yaml-key');
    expect(problems).toHaveLength(1);
    // After our prefix comes the YAML parser's own text.
    expectStartsWith(problems[0], `${file}:6:1 not valid YAML: `);
    expect(problems[0]).toMatch(/ not valid YAML: Map keys must be unique/);
  });

  // Not a fixture file: `biome check` parses every .yaml in test/fixtures and fails on a syntax error.
  it('with a YAML syntax error is reported at its line:column', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mock-idp-scenario-')), 'unclosed-list.yaml');
    writeFileSync(
      file,
      [
        'description: An unclosed flow sequence.',
        'clients:',
        '  - client_id: broken',
        '    redirect_uris: [https://broken.example.test/callback,',
        '  - client_id: next',
        '',
      ].join('\n'),
    );
    const problems = await problemsOf(() => loadScenario(file));
    expect(problems).toHaveLength(1);
    expectStartsWith(problems[0], `${file}:5:3 not valid YAML: `);
  });

  it('with a duplicate persona id names the second occurrence and the first', async () => {
    const file = fixture('duplicate-persona-id');
    const problems = await scenarioProblems('duplicate-persona-id');
    expect(problems).toHaveLength(1);
    expectStartsWith(
      problems[0],
      `${file}: personas.explicit[2]: duplicate persona id "alice" (first at [0])`,
    );
  });

  it('with a duplicate persona id says nothing more than that', async () => {
    const file = fixture('duplicate-persona-id');
    expect(await scenarioProblems('duplicate-persona-id')).toEqual([
      `${file}: personas.explicit[2]: duplicate persona id "alice" (first at [0])`,
    ]);
  });

  it('that redefines a client of the config file loads alone, but not with the config file', async () => {
    const file = fixture('clashing-client-id');
    await expect(loadScenario(file)).resolves.toMatchObject({ description: expect.any(String) });
    expect(await problemsOf(() => loadSetup({ scenario: file }))).toEqual([
      `${file}: clients[1].client_id: "mock-client" is already defined in the config file; choose another id`,
    ]);
  });

  it('that does not exist says so', async () => {
    const file = fixture('no-such-scenario');
    expect(await scenarioProblems('no-such-scenario')).toEqual([`${file}: file not found`]);
  });

  it('each fixture is exercised by a test above', () => {
    const tested = [
      ...cases.map(([name]) => name),
      'duplicate-yaml-key',
      'duplicate-persona-id',
      'clashing-client-id',
    ];
    const files = readdirSync(fixturesDir).map((file) => file.replace(/\.yaml$/, ''));
    expect(files.sort()).toEqual(tested.sort());
  });
});

describe('a redirect URI', () => {
  const withRedirect = (uri: string) => ({
    description: 'x',
    clients: [{ client_id: 'c', redirect_uris: [uri] }],
  });

  it.each(['https://liveperson.net', 'http://localhost:3000/callback', 'http://127.0.0.1:8080/cb'])(
    'such as %s is accepted',
    (uri) => {
      expect(scenarioSchema.safeParse(withRedirect(uri)).success).toBe(true);
    },
  );

  it.each(['/oauth2/callback', 'liveperson.net', 'https://exa mple.test/cb'])(
    'such as %s is refused',
    (uri) => {
      expect(scenarioSchema.safeParse(withRedirect(uri)).success).toBe(false);
    },
  );

  it.each(['localhost:3000/callback', 'javascript:alert(1)'])('such as %s is refused', (uri) => {
    expect(scenarioSchema.safeParse(withRedirect(uri)).success).toBe(false);
  });
});

describe('explicit personas', () => {
  const withPersonas = (personas: object[]) => ({ description: 'x', personas: { explicit: personas } });

  it('may not share a sub', () => {
    const sub = '110248495921238986420';
    const result = scenarioSchema.safeParse(
      withPersonas([
        { id: 'a', sub },
        { id: 'b', sub },
      ]),
    );
    expect(result.error?.issues.map((i) => [i.path, i.message])).toEqual([
      [['personas', 'explicit', 1, 'sub'], `duplicate sub "${sub}" (first at [0])`],
    ]);
  });

  it('may not share an email, whatever its case', () => {
    const result = scenarioSchema.safeParse(
      withPersonas([
        { id: 'a', email: 'Jane@Example.com' },
        { id: 'b', email: 'jane@example.com' },
      ]),
    );
    expect(result.error?.issues.map((i) => i.message)).toEqual([
      'duplicate email "jane@example.com" (first at [0])',
    ]);
  });
});
