import { type RunningCli, startCli, tempDir } from './cli.js';
import { defaultClient } from './idp.js';

/** The one public issuer every replica is given (as behind a load balancer); requests go to each directly. */
export const sharedIssuer = 'https://idp.mock-idp.test';

export interface TwoInstances {
  a: RunningCli;
  b: RunningCli;
  urlA: string;
  urlB: string;
  stop(): Promise<void>;
}

function listenUrl(cli: RunningCli): string {
  const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(cli.stderr())?.[1];
  if (!url) throw new Error(`no listen URL in: ${cli.stderr()}`);
  return url;
}

/** Two `mock-idp start` processes on one Redis and one issuer, started at once in one directory. */
export async function startTwoInstances(redisUrl: string): Promise<TwoInstances> {
  const cwd = tempDir();
  // One creates the key set under the lock, the other waits for it.
  const [a, b] = (await Promise.all(
    [1, 2].map(() => startCli(['--port', '0', '--store', redisUrl, '--issuer', sharedIssuer], cwd)),
  )) as [RunningCli, RunningCli];
  return {
    a,
    b,
    urlA: listenUrl(a),
    urlB: listenUrl(b),
    stop: async () => {
      await Promise.all([a.stop(), b.stop()]);
    },
  };
}

export interface Client {
  client_id: string;
  client_secret: string;
  redirect_uri: string;
}

/** Headless authorization at `base`: the code the IdP redirects with (or the answer when it does not). */
export async function authorize(
  base: string,
  client: Client = defaultClient,
  extra: Record<string, string> = {},
) {
  const url = new URL('/o/oauth2/v2/auth', base);
  url.search = new URLSearchParams({
    client_id: client.client_id,
    redirect_uri: client.redirect_uri,
    response_type: 'code',
    scope: 'openid email profile',
    state: 'st',
    nonce: 'n-1',
    login_hint: 'persona-1',
    ...extra,
  }).toString();
  const response = await fetch(url, { redirect: 'manual' });
  const location = response.headers.get('location');
  const code = location ? new URL(location).searchParams.get('code') : null;
  return { status: response.status, code, location, body: location ? '' : await response.text() };
}

export async function codeFrom(
  base: string,
  client: Client = defaultClient,
  extra: Record<string, string> = {},
): Promise<string> {
  const { status, code, body } = await authorize(base, client, extra);
  if (!code) throw new Error(`no code from ${base}: ${status} ${body}`);
  return code;
}

/** Redeems a code at `base` (client_secret_basic). */
export function redeem(base: string, code: string, client: Client = defaultClient) {
  return tokenRequest(base, client, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: client.redirect_uri,
  });
}

export async function tokenRequest(base: string, client: Client, params: Record<string, string>) {
  const response = await fetch(new URL('/token', base), {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${client.client_id}:${client.client_secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams(params),
  });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}
