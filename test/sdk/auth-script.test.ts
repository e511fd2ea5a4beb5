import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import * as oauth from 'openid-client';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSetup } from '../../src/config/setup.js';
import { scenarioPersonas } from '../../src/personas/from-scenario.js';
import type { Persona } from '../../src/personas/persona.js';
import { PersonaRegistry } from '../../src/personas/registry.js';
import { renderAuthScript, scriptSafeJson } from '../../src/sdk/auth-script.js';
import type { RunningIdp } from '../../src/server/start.js';
import { defaultClient, startTestIdp } from '../helpers/idp.js';
import {
  askIdentities,
  callbackLog,
  callMethod,
  type FakePage,
  loadInFakePage,
  type PageOptions,
} from './fake-page.js';

let idp: RunningIdp;
let registry: PersonaRegistry;
let source: string;

beforeAll(async () => {
  idp = await startTestIdp();
  registry = new PersonaRegistry(42, scenarioPersonas((await loadSetup()).scenario));
  source = renderAuthScript(idp.issuer, registry);
});
afterAll(() => idp.stop());

function persona(id: string): Persona {
  const found = registry.find(id);
  if (!found) throw new Error(`no ${id} in the scenario`);
  return found;
}

/** The script loaded as `<script src="IDP/sdk/auth.js" data-…>` on a fake page, fetching from the real IdP. */
function page(data: Record<string, string>, options: Partial<PageOptions> = {}): FakePage {
  return loadInFakePage(source, { src: `${idp.url}/sdk/auth.js`, data, ...options });
}

async function redeem(code: string, redirectUri: string, extra: Record<string, string> = {}) {
  const response = await fetch(`${idp.url}/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${defaultClient.client_id}:${defaultClient.client_secret}`).toString('base64')}`,
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      ...extra,
    }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function verified(jwt: string) {
  const jwks = createRemoteJWKSet(new URL(`${idp.url}/oauth2/v3/certs`));
  const { payload } = await jwtVerify(jwt, jwks, { issuer: idp.issuer, audience: defaultClient.client_id });
  return payload;
}

describe('the script as served', () => {
  it('agrees with the running IdP on personas and issuer', () => {
    expect(registry.list().map((p) => [p.id, p.sub])).toEqual(idp.personas.map((p) => [p.id, p.sub]));
  });

  it('is ES2017 with no later syntax and no external URL', () => {
    expect(laterSyntax(source)).toEqual([]);
    // the checker itself sees what it looks for
    const later = 'a?.b; a ?? b; x ||= 1; ({ ...o }); try {} catch {} /x/s; 1_000; class C { f = 1 }';
    expect(laterSyntax(later)).toHaveLength(8);
    expect(laterSyntax('var = ;')[0]).toMatch(/^syntax error/);
    expect(renderAuthScript('ISSUER', registry)).not.toMatch(/https?:|\/\/[a-z]/i);
  });

  it('renders the issuer safely: no </script, <!-- or raw U+2028 in the text, the same issuer in the page', () => {
    const issuer = 'https://idp.example.test/</script><script>alert(1)</script><!--\u2028\u2029"\\\'';
    const text = renderAuthScript(issuer, registry);
    expect(text).not.toMatch(/<\/script|<!--|[\u2028\u2029]/i);
    const loaded = loadInFakePage(text, { src: `${idp.url}/sdk/auth.js`, data: { persona: 'persona-1' } });
    expect(loaded.window.mockIdp?.issuer).toBe(issuer);
    expect(askIdentities(loaded)).toEqual([{ iss: issuer, acr: 'loa1', sub: persona('persona-1').sub }]);
  });

  it('scriptSafeJson escapes < > & U+2028 U+2029 and still parses back', () => {
    const value = { s: '</script>&<!--\u2028\u2029' };
    const json = scriptSafeJson(value);
    expect(json).toBe('{"s":"\\u003c/script\\u003e\\u0026\\u003c!--\\u2028\\u2029"}');
    expect(JSON.parse(json)).toEqual(value);
  });
});

describe('Code Flow', () => {
  it('calls back once with a code the token endpoint redeems for the persona', async () => {
    const loaded = page({ flow: 'code', client: 'mock-client', persona: 'persona-2' });
    const [code, error] = await callMethod(loaded, 'lpGetAuthenticationToken');
    expect(error).toBeUndefined();
    expect(code).toEqual(expect.any(String));
    const { status, body } = await redeem(code as string, defaultClient.redirect_uri);
    expect(status).toBe(200);
    expect(body.id_token).toEqual(expect.any(String));
    expect(decodeJwt(body.id_token as string).sub).toBe(persona('persona-2').sub);
  });

  it('with data-redirect-uri calls back with { ssoKey, redirect_uri }, the code bound to that URI', async () => {
    const redirectUri = 'http://127.0.0.1:3000/callback';
    const loaded = page({
      flow: 'code',
      client: 'mock-client',
      persona: 'persona-3',
      'redirect-uri': redirectUri,
    });
    const [token, error] = await callMethod(loaded, 'lpGetAuthenticationToken');
    expect(error).toBeUndefined();
    expect(token).toEqual({ ssoKey: expect.any(String), redirect_uri: redirectUri });
    const { ssoKey } = token as { ssoKey: string };
    const { status, body } = await redeem(ssoKey, redirectUri);
    expect(status).toBe(200);
    expect(decodeJwt(body.id_token as string).sub).toBe(persona('persona-3').sub);
  });

  it('is the default flow and mock-client the default client', async () => {
    const loaded = page({ persona: 'persona-1' });
    const [code] = await callMethod(loaded, 'lpGetAuthenticationToken');
    expect((await redeem(code as string, defaultClient.redirect_uri)).status).toBe(200);
  });

  it('passes a PKCE code_challenge given as the second argument (S256)', async () => {
    const verifier = oauth.randomPKCECodeVerifier();
    const challenge = await oauth.calculatePKCECodeChallenge(verifier);
    const loaded = page({ flow: 'code', persona: 'persona-1' });
    const [code] = await callMethod(loaded, 'lpGetAuthenticationToken', challenge);
    const { status } = await redeem(code as string, defaultClient.redirect_uri, { code_verifier: verifier });
    expect(status).toBe(200);

    const [other] = await callMethod(loaded, 'lpGetAuthenticationToken', challenge);
    expect((await redeem(other as string, defaultClient.redirect_uri)).status).toBe(400);
  });

  it('reports an unregistered redirect URI with the IdP’s description', async () => {
    const loaded = page({ persona: 'persona-1', 'redirect-uri': 'https://liveperson.net' });
    const [token, reason] = await callMethod(loaded, 'lpGetAuthenticationToken');
    expect(token).toBe('');
    expect(reason).toMatch(/redirect_uri "https:\/\/liveperson\.net" is not registered/);
  });
});

describe('Implicit Flow', () => {
  it('calls back once with a JWT that verifies against the IdP’s JWKS, for the persona', async () => {
    const loaded = page({ flow: 'implicit', client: 'mock-client', persona: 'persona-4' });
    const [jwt, error] = await callMethod(loaded, 'lpGetAuthenticationToken');
    expect(error).toBeUndefined();
    const claims = await verified(jwt as string);
    expect(claims.sub).toBe(persona('persona-4').sub);
    expect(claims.email).toBe(persona('persona-4').email);
  });

  it('sends data-encrypt: false gives a signed JWT, true asks for encryption (mock-client has no key)', async () => {
    const plain = page({ flow: 'implicit', persona: 'persona-5', encrypt: 'false' });
    const [jwt] = await callMethod(plain, 'lpGetAuthenticationToken');
    expect((jwt as string).split('.')).toHaveLength(3);
    expect((await verified(jwt as string)).sub).toBe(persona('persona-5').sub);

    const encrypted = page({ flow: 'implicit', persona: 'persona-5', encrypt: 'true' });
    const [token, reason] = await callMethod(encrypted, 'lpGetAuthenticationToken');
    expect(token).toBe('');
    expect(reason).toMatch(/client mock-client has no encryption key/);
  });

  it('refuses a data-encrypt that is not true/false, without asking the IdP', async () => {
    const loaded = page({ flow: 'implicit', persona: 'persona-5', encrypt: 'yes' });
    expect(await callMethod(loaded, 'lpGetAuthenticationToken')).toEqual([
      '',
      'mock-idp: data-encrypt must be "true" or "false", found "yes"',
    ]);
  });
});

describe('failures call back ("", reason) exactly once', () => {
  it('an unknown persona, with the IdP’s reason naming it', async () => {
    for (const flow of ['code', 'implicit']) {
      const loaded = page({ flow, persona: 'persona-99' });
      const [token, reason] = await callMethod(loaded, 'lpGetAuthenticationToken');
      expect(token).toBe('');
      expect(reason).toMatch(/no persona "persona-99"/);
    }
  });

  it('no persona chosen', async () => {
    const [token, reason] = await callMethod(page({ flow: 'code' }), 'lpGetAuthenticationToken');
    expect(token).toBe('');
    expect(reason).toMatch(/no persona chosen/);
  });

  it('an unknown flow', async () => {
    const [, reason] = await callMethod(
      page({ flow: 'hybrid', persona: 'persona-1' }),
      'lpGetAuthenticationToken',
    );
    expect(reason).toBe('mock-idp: data-flow must be "code" or "implicit", found "hybrid"');
  });

  it('an unknown client', async () => {
    const [, reason] = await callMethod(
      page({ client: 'nobody', persona: 'persona-1' }),
      'lpGetAuthenticationToken',
    );
    expect(reason).toMatch(/no client "nobody"/);
  });

  it('a network error, with its text', async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const { port } = closed.address() as AddressInfo;
    await new Promise((done) => closed.close(done));
    const loaded = loadInFakePage(source, {
      src: `http://127.0.0.1:${port}/sdk/auth.js`,
      data: { persona: 'persona-1' },
    });
    const [token, reason] = await callMethod(loaded, 'lpGetAuthenticationToken');
    expect(token).toBe('');
    expect(reason).toMatch(
      new RegExp(`^mock-idp: network error calling http://127\\.0\\.0\\.1:${port}/api/code: fetch failed`),
    );
  });

  it('an answer that is not JSON', async () => {
    const fetch = async () => new Response('<html>proxy error</html>', { status: 502 });
    const loaded = page({ persona: 'persona-1' }, { globals: { fetch } });
    const [, reason] = await callMethod(loaded, 'lpGetAuthenticationToken');
    expect(reason).toBe(`HTTP 502 from ${idp.url}/api/code`);
  });

  it('a timeout, and no second call when the answer comes late', async () => {
    const timers: (() => void)[] = [];
    let answer: (response: Response) => void = () => {};
    const loaded = page(
      { persona: 'persona-1' },
      {
        globals: {
          fetch: () => new Promise<Response>((resolve) => (answer = resolve)),
          setTimeout: (fn: () => void) => timers.push(fn),
          clearTimeout: () => {},
        },
      },
    );
    const log = callbackLog();
    (loaded.window.lpGetAuthenticationToken as (cb: unknown) => void)(log.callback);
    expect(timers).toHaveLength(1);
    timers[0]!();
    expect(await log.first).toEqual(['', `mock-idp: no answer from ${idp.url}/ within 15 s`]);
    answer(Response.json({ code: 'late' }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(log.calls).toHaveLength(1);
  });

  it('a callback that throws is reported, not called again', async () => {
    const loaded = page({ persona: 'persona-99' });
    const calls: unknown[][] = [];
    (loaded.window.lpGetAuthenticationToken as (cb: unknown) => void)((...args: unknown[]) => {
      calls.push(args);
      throw new Error('page bug');
    });
    await expect.poll(() => loaded.errors.length).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls).toHaveLength(1);
    expect(String(loaded.errors[0]?.[0])).toMatch(/callback threw/);
  });

  it('no callback function is a TypeError, thrown at once', () => {
    const method = page({ persona: 'persona-1' }).window.lpGetAuthenticationToken as (cb?: unknown) => void;
    expect(() => method()).toThrow(/needs a callback function/);
  });
});

describe('the page’s choices', () => {
  it('data-method names the JS method, also with a context (dotted)', async () => {
    const custom = page({ persona: 'persona-1', method: 'getMockIdpToken' });
    expect(custom.window.lpGetAuthenticationToken).toBeUndefined();
    const [code] = await callMethod(custom, 'getMockIdpToken');
    expect((await redeem(code as string, defaultClient.redirect_uri)).status).toBe(200);

    const existing = { keep: 1 };
    const dotted = page(
      { persona: 'persona-1', flow: 'implicit', method: 'brand.auth.getToken' },
      { globals: { brand: existing } },
    );
    const auth = (dotted.window.brand as { keep: number; auth: Record<string, unknown> }).auth;
    expect(dotted.window.brand).toBe(existing);
    const log = callbackLog();
    (auth.getToken as (cb: unknown) => void)(log.callback);
    const [jwt] = await log.first;
    expect((await verified(jwt as string)).sub).toBe(persona('persona-1').sub);
  });

  it('the persona is read at call time: mockIdp.setPersona(id) or the data-persona attribute', async () => {
    const loaded = page({ flow: 'implicit', persona: 'persona-1' });
    loaded.window.mockIdp?.setPersona('persona-6');
    expect(loaded.window.mockIdp?.getPersona()).toBe('persona-6');
    const [jwt] = await callMethod(loaded, 'lpGetAuthenticationToken');
    expect((await verified(jwt as string)).sub).toBe(persona('persona-6').sub);
    expect(askIdentities(loaded)).toEqual([{ iss: idp.issuer, acr: 'loa1', sub: persona('persona-6').sub }]);

    loaded.script.setAttribute('data-persona', persona('persona-7').email);
    const [other] = await callMethod(loaded, 'lpGetAuthenticationToken');
    expect((await verified(other as string)).sub).toBe(persona('persona-7').sub);
    expect(askIdentities(loaded)).toEqual([{ iss: idp.issuer, acr: 'loa1', sub: persona('persona-7').sub }]);
  });

  it('finds its script element without document.currentScript, and derives the base URL from src', () => {
    const loaded = page({ persona: 'persona-1' }, { noCurrentScript: true });
    expect(loaded.window.mockIdp?.baseUrl).toBe(`${idp.url}/`);
    expect(loaded.window.lpGetAuthenticationToken).toEqual(expect.any(Function));
  });

  it('keeps a path prefix of its src and sends the documented request body', async () => {
    const requests: { url: string; init: RequestInit }[] = [];
    const fetch = async (url: string, init: RequestInit) => {
      requests.push({ url, init });
      return Response.json({ code: 'the-code', expires_in: 60 });
    };
    const loaded = loadInFakePage(source, {
      src: 'https://idp.example.test/mock/sdk/auth.js?v=2',
      data: { persona: 'persona-8', client: 'liveperson', 'redirect-uri': 'https://liveperson.net' },
      globals: { fetch },
    });
    expect(await callMethod(loaded, 'lpGetAuthenticationToken')).toEqual([
      { ssoKey: 'the-code', redirect_uri: 'https://liveperson.net' },
    ]);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.url).toBe('https://idp.example.test/mock/api/code');
    expect(requests[0]?.init).toMatchObject({
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      credentials: 'omit',
    });
    expect(JSON.parse(requests[0]?.init.body as string)).toEqual({
      persona: 'persona-8',
      client_id: 'liveperson',
      redirect_uri: 'https://liveperson.net',
    });
  });
});

describe('lpTag.identities', () => {
  it('is created when missing and gets a function answering { iss, acr: "loa1", sub }', () => {
    const loaded = page({ persona: 'persona-9' });
    expect(loaded.window.lpTag?.identities).toHaveLength(1);
    expect(askIdentities(loaded)).toEqual([{ iss: idp.issuer, acr: 'loa1', sub: persona('persona-9').sub }]);
  });

  it('keeps an existing lpTag and its identity functions', () => {
    const brandIdentity = (cb: (identity: unknown) => void) => cb({ iss: 'brand', acr: 'loa1', sub: 'b-1' });
    const lpTag = { site: '12345678', identities: [brandIdentity] };
    const loaded = page({ persona: 'persona-10' }, { globals: { lpTag } });
    expect(loaded.window.lpTag).toBe(lpTag);
    expect(lpTag.site).toBe('12345678');
    expect(lpTag.identities).toHaveLength(2);
    expect(lpTag.identities[0]).toBe(brandIdentity);
    expect(askIdentities(loaded)).toEqual([
      { iss: 'brand', acr: 'loa1', sub: 'b-1' },
      { iss: idp.issuer, acr: 'loa1', sub: persona('persona-10').sub },
    ]);
  });

  it('adds identities to an lpTag that has none yet', () => {
    const lpTag: Record<string, unknown> = { site: '1' };
    const loaded = page({ persona: 'persona-1' }, { globals: { lpTag } });
    expect(loaded.window.lpTag).toBe(lpTag);
    expect(lpTag.identities).toHaveLength(1);
  });

  it('finds the sub by email too, and stays silent (with a warning) for a persona it does not know', () => {
    const byEmail = page({ persona: persona('persona-2').email.toUpperCase() });
    expect(askIdentities(byEmail)).toEqual([{ iss: idp.issuer, acr: 'loa1', sub: persona('persona-2').sub }]);

    const unknown = page({ persona: 'persona-99' });
    expect(askIdentities(unknown)).toEqual([undefined]);
    expect(String(unknown.warnings[0]?.[0])).toMatch(/no sub known for persona "persona-99"/);
  });
});

/** Syntax newer than ES2017 found in a script: what a plain ES2017 browser could not parse. */
function laterSyntax(text: string): string[] {
  const file = ts.createSourceFile('auth.js', text, ts.ScriptTarget.ES2017, true, ts.ScriptKind.JS);
  const found: string[] = [];
  const diagnostics = (file as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
  for (const diagnostic of diagnostics) found.push(`syntax error: ${diagnostic.messageText}`);
  const visit = (node: ts.Node): void => {
    const where = () => `${ts.SyntaxKind[node.kind]} at ${node.getStart()}: ${node.getText().slice(0, 40)}`;
    if (
      ts.isPropertyAccessExpression(node) ||
      ts.isElementAccessExpression(node) ||
      ts.isCallExpression(node)
    ) {
      if (node.questionDotToken) found.push(`optional chaining, ${where()}`);
    }
    if (ts.isBinaryExpression(node)) {
      const op = node.operatorToken.kind;
      if (
        op === ts.SyntaxKind.QuestionQuestionToken ||
        op === ts.SyntaxKind.QuestionQuestionEqualsToken ||
        op === ts.SyntaxKind.BarBarEqualsToken ||
        op === ts.SyntaxKind.AmpersandAmpersandEqualsToken
      )
        found.push(`ES2020+ operator, ${where()}`);
    }
    if (ts.isSpreadAssignment(node)) found.push(`object spread, ${where()}`);
    if (ts.isBindingElement(node) && node.dotDotDotToken && ts.isObjectBindingPattern(node.parent))
      found.push(`object rest, ${where()}`);
    if (ts.isCatchClause(node) && !node.variableDeclaration) found.push(`optional catch binding, ${where()}`);
    if (ts.isForOfStatement(node) && node.awaitModifier) found.push(`for await, ${where()}`);
    if (ts.isBigIntLiteral(node)) found.push(`BigInt, ${where()}`);
    if (ts.isNumericLiteral(node) && node.getText().includes('_'))
      found.push(`numeric separator, ${where()}`);
    if (ts.isPropertyDeclaration(node) || ts.isPrivateIdentifier(node)) found.push(`class field, ${where()}`);
    if (
      ts.isMetaProperty(node) ||
      (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword)
    )
      found.push(`module syntax, ${where()}`);
    if (ts.isRegularExpressionLiteral(node)) {
      const flags = node.text.slice(node.text.lastIndexOf('/') + 1);
      if (/[sd]/.test(flags) || /\(\?<[=!a-zA-Z]/.test(node.text)) found.push(`ES2018+ regex, ${where()}`);
    }
    if (
      (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isMethodDeclaration(node)) &&
      node.asteriskToken &&
      node.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword)
    )
      found.push(`async generator, ${where()}`);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}
