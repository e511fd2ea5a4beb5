import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningIdp } from '../../src/server/start.js';
import { startTestIdp } from '../helpers/idp.js';
import { postJson } from '../helpers/platform.js';

let idp: RunningIdp;
beforeAll(async () => {
  idp = await startTestIdp({ adminToken: 's3cret' });
});
afterAll(() => idp.stop());

const request = { persona: 'persona-1', client_id: 'mock-client' };

describe('/api behind an admin token', () => {
  it('without it: 401 naming what to send', async () => {
    const { status, body } = await postJson(`${idp.url}/api/jwt`, request);
    expect(status).toBe(401);
    expect(body.error).toBe('unauthorized');
    expect(body.error_description).toMatch(/Authorization: Bearer/);
  });

  it('with a wrong one: 401', async () => {
    const { status, body } = await postJson(`${idp.url}/api/jwt`, request, { authorization: 'Bearer nope' });
    expect(status).toBe(401);
    expect(body.error_description).toBe('wrong admin token');
  });

  it('with the right one: 200', async () => {
    const { status } = await postJson(`${idp.url}/api/jwt`, request, { authorization: 'Bearer s3cret' });
    expect(status).toBe(200);
  });

  it('the protocol endpoints stay open', async () => {
    expect((await fetch(`${idp.url}/.well-known/openid-configuration`)).status).toBe(200);
  });
});

describe('bound beyond loopback without a token', () => {
  it('makes one up', async () => {
    const open = await startTestIdp({ host: '0.0.0.0' });
    expect(open.adminToken).toMatch(/^[\w-]{20,}$/);
    const url = open.listenUrl.replace('localhost', '127.0.0.1');
    expect((await postJson(`${url}/api/jwt`, request)).status).toBe(401);
    const authorized = await postJson(`${url}/api/jwt`, request, {
      authorization: `Bearer ${open.adminToken}`,
    });
    expect(authorized.status).toBe(200);
    await open.stop();
  });
});
