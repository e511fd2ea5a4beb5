import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningIdp } from '../../src/server/start.js';
import { startTestIdp } from '../helpers/idp.js';

let idp: RunningIdp;
beforeAll(async () => {
  idp = await startTestIdp();
});
afterAll(() => idp.stop());

async function call(method: string, path: string, body?: unknown) {
  const response = await fetch(`${idp.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

describe('admin API round trips', () => {
  it('health', async () => {
    expect(await call('GET', '/admin/health')).toMatchObject({
      status: 200,
      body: { status: 'ok', issuer: idp.issuer },
    });
  });

  it('personas: add one, see it listed, use it, and a duplicate or bad field is refused', async () => {
    const added = await call('POST', '/admin/personas', {
      id: 'zoe',
      given_name: 'Zoe',
      profile: { ctype: 'gold' },
    });
    expect(added).toMatchObject({ status: 201, body: { id: 'zoe', ctype: 'gold', faults: [] } });
    expect((await call('GET', '/admin/personas')).body.map((p: { id: string }) => p.id)).toContain('zoe');
    expect((await call('POST', '/api/jwt', { persona: 'zoe', client_id: 'mock-client' })).status).toBe(200);
    expect(await call('POST', '/admin/personas', { id: 'zoe' })).toMatchObject({ status: 409 });
    const bad = await call('POST', '/admin/personas', { id: 'x', profile: { phoneType: 'CARRIER_PIGEON' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error_description).toMatch(/^profile\.phoneType: /);
  });

  it('clients: add, list (without secrets), use, delete; static clients stay', async () => {
    const client = {
      client_id: 'admin-added',
      client_secret: 'x',
      redirect_uris: ['https://a.example.test/cb'],
    };
    expect(await call('POST', '/admin/clients', client)).toMatchObject({
      status: 201,
      body: { client_id: 'admin-added' },
    });
    const listed = (await call('GET', '/admin/clients')).body;
    expect(listed.map((c: { client_id: string }) => c.client_id)).toEqual(
      expect.arrayContaining(['mock-client', 'admin-added']),
    );
    expect(JSON.stringify(listed)).not.toContain('mock-secret');
    expect((await call('POST', '/api/code', { persona: 'persona-1', client_id: 'admin-added' })).status).toBe(
      200,
    );
    expect((await call('DELETE', '/admin/clients/admin-added')).status).toBe(204);
    expect(
      (await call('POST', '/api/code', { persona: 'persona-1', client_id: 'admin-added' })).body.error,
    ).toBe('unknown_client');
    expect((await call('DELETE', '/admin/clients/mock-client')).status).toBe(400);
    expect((await call('DELETE', '/admin/clients/nobody')).status).toBe(404);
    const invalid = await call('POST', '/admin/clients', { client_id: 'bad', redirect_uris: ['not a url'] });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error_description).toMatch(/^redirect_uris\[0\]: /);
  });

  it('requests and tokens logs, then reset empties them', async () => {
    await call('POST', '/api/jwt', { persona: 'persona-2', client_id: 'mock-client' });
    const requests = (await call('GET', '/admin/requests')).body;
    expect(requests.at(-1)).toMatchObject({
      method: 'POST',
      path: '/api/jwt',
      status: 200,
      persona: 'persona-2',
    });
    const tokens = (await call('GET', '/admin/tokens')).body;
    expect(tokens.at(-1)).toMatchObject({
      kind: 'id_token',
      persona: 'persona-2',
      claims: { aud: 'mock-client' },
    });
    expect((await call('POST', '/admin/reset')).status).toBe(204);
    expect((await call('GET', '/admin/requests')).body).toEqual([]);
    expect((await call('GET', '/admin/tokens')).body).toEqual([]);
    expect((await call('GET', '/admin/personas')).body.map((p: { id: string }) => p.id)).not.toContain('zoe');
  });

  it('the admin API itself is not in the request log', async () => {
    await call('GET', '/admin/health');
    expect(
      (await call('GET', '/admin/requests')).body.some((r: { path: string }) => r.path.startsWith('/admin')),
    ).toBe(false);
  });
});
