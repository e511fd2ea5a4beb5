/**
 * `GET /admin/openapi.json`: an OpenAPI 3.1 document whose operations are exactly the ones the `/admin` and `/api`
 * routers serve (read from the routers themselves, so an undocumented new route fails here), every `$ref`
 * resolving and every path parameter declared.
 */
import type Router from '@koa/router';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/admin/openapi.js';
import type { OpenApiDocument, Operation } from '../../src/admin/openapi-types.js';
import { adminRoutes } from '../../src/admin/routes.js';
import { apiRoutes } from '../../src/api/routes.js';
import type { RunningIdp } from '../../src/server/start.js';
import { startTestIdp } from '../helpers/idp.js';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

let idp: RunningIdp;
let served: OpenApiDocument;
beforeAll(async () => {
  idp = await startTestIdp({ adminToken: 'x' });
  const response = await fetch(`${idp.url}/admin/openapi.json`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  served = (await response.json()) as OpenApiDocument;
});
afterAll(() => idp.stop());

/** `METHOD /path/{param}` for every route a router serves (HEAD comes with GET; `use` middleware has no methods). */
function routesOf(router: Router): string[] {
  return router.stack.flatMap((layer) =>
    layer.methods
      .filter((method) => method !== 'HEAD')
      .map((method) => `${method} ${String(layer.path).replace(/:(\w+)/g, '{$1}')}`),
  );
}

function operationsOf(doc: OpenApiDocument): string[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => method in item).map((method) => `${method.toUpperCase()} ${path}`),
  );
}

function eachOperation(doc: OpenApiDocument): [string, string, Operation][] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => [path, method, operation as Operation] as const),
  ) as [string, string, Operation][];
}

/** Every `$ref` anywhere in the document. */
function refsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refsIn(item, found);
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref' && typeof inner === 'string') found.push(inner);
      else refsIn(inner, found);
    }
  }
  return found;
}

function resolve(doc: OpenApiDocument, pointer: string): unknown {
  expect(pointer.startsWith('#/'), pointer).toBe(true);
  return pointer
    .slice(2)
    .split('/')
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], doc);
}

describe('GET /admin/openapi.json', () => {
  it('is served without the admin token, and is the document for this IdP', () => {
    expect(served).toEqual(openApiDocument(idp.url));
    expect(served.servers).toEqual([{ url: idp.url, description: 'This IdP' }]);
  });

  it('is OpenAPI 3.1 in shape: openapi, info, paths, components', () => {
    expect(served.openapi).toMatch(/^3\.1\.\d+$/);
    expect(served.info.title).toEqual(expect.any(String));
    expect(served.info.version).toEqual(expect.any(String));
    expect(Object.keys(served.paths).length).toBeGreaterThan(0);
    for (const path of Object.keys(served.paths)) expect(path).toMatch(/^\//);
    const operationIds = new Set<string>();
    for (const [path, method, operation] of eachOperation(served)) {
      expect(METHODS, `${method} ${path}`).toContain(method);
      expect(operation.summary, `${method} ${path}`).toEqual(expect.any(String));
      expect(operationIds.has(operation.operationId), operation.operationId).toBe(false);
      operationIds.add(operation.operationId);
      expect(Object.keys(operation.responses).length, `${method} ${path}`).toBeGreaterThan(0);
      for (const [status, response] of Object.entries(operation.responses)) {
        expect(status).toMatch(/^[1-5]\d\d$/);
        expect('$ref' in response || typeof response.description === 'string', `${path} ${status}`).toBe(
          true,
        );
      }
    }
  });

  it('lists exactly the operations the /admin and /api routers serve', () => {
    const real = [...routesOf(adminRoutes(idp.context, 'x')), ...routesOf(apiRoutes(idp.context, 'x'))];
    expect(real.length).toBeGreaterThan(20);
    expect(new Set(real).size).toBe(real.length);
    expect([...operationsOf(served)].sort()).toEqual([...real].sort());
  });

  it('declares every path parameter, and every $ref resolves', () => {
    for (const [path, method, operation] of eachOperation(served)) {
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      const declared = (operation.parameters ?? []).filter((p) => p.in === 'path');
      expect(declared.map((p) => p.name).sort(), `${method} ${path}`).toEqual(inPath.sort());
      for (const parameter of declared) expect(parameter.required).toBe(true);
    }
    const refs = refsIn(served);
    expect(refs.length).toBeGreaterThan(10);
    for (const pointer of refs) expect(resolve(served, pointer), pointer).toBeDefined();
  });

  it('has the error shape and a bearer scheme that applies only with an admin token', () => {
    expect(served.components.schemas.Error).toMatchObject({
      required: ['error', 'error_description'],
      properties: { error: { type: 'string' }, error_description: { type: 'string' } },
    });
    expect(served.components.securitySchemes.adminToken).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(served.security).toEqual([{ adminToken: [] }, {}]);
    for (const [path, method, operation] of eachOperation(served)) {
      const open = path === '/admin' || path === '/admin/openapi.json';
      if (open) expect(operation.security, `${method} ${path}`).toEqual([]);
      else expect(operation.responses['401'], `${method} ${path}`).toBeDefined();
    }
  });

  it('documents a request body for every operation that reads one', () => {
    const withBody = eachOperation(served)
      .filter(([, , operation]) => operation.requestBody)
      .map(([path, method]) => `${method.toUpperCase()} ${path}`)
      .sort();
    expect(withBody).toEqual(
      [
        'POST /admin/personas',
        'POST /admin/clients',
        'PUT /admin/faults',
        'POST /admin/faults/next',
        'PUT /admin/clock',
        'POST /api/jwt',
        'POST /api/code',
        'POST /api/verify',
      ].sort(),
    );
  });

  it('takes the client and persona bodies from the schemas that validate them', () => {
    const { PersonaInput, ClientInput } = served.components.schemas;
    expect(PersonaInput).toMatchObject({ type: 'object', required: ['id'], additionalProperties: false });
    expect(ClientInput).toMatchObject({
      required: ['client_id', 'redirect_uris'],
      additionalProperties: false,
    });
    expect(PersonaInput).not.toHaveProperty('$schema');
  });
});

describe('the document behind a public base URL with a path', () => {
  it('names that URL as its server', async () => {
    const behind = await startTestIdp({ issuer: 'https://idp.example.test/brand' });
    try {
      const response = await fetch(`${behind.listenUrl}/brand/admin/openapi.json`);
      expect(response.status).toBe(200);
      expect(((await response.json()) as OpenApiDocument).servers[0]?.url).toBe(
        'https://idp.example.test/brand',
      );
    } finally {
      await behind.stop();
    }
  });
});
