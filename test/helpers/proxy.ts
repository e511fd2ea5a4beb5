import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RunningProxy {
  /** Where the proxy listens, e.g. `http://127.0.0.1:43123`. */
  url: string;
  stop(): Promise<void>;
}

/**
 * A tiny reverse proxy on 127.0.0.1 (a free port) in front of `target`, as a load balancer: every request goes on
 * with `Host` set to the target (what nginx's `proxy_pass` sends by default) and `headers` added, e.g.
 * `X-Forwarded-Proto` and `X-Forwarded-Host`; answers come back as they are.
 */
export async function startProxy(target: string, headers: Record<string, string>): Promise<RunningProxy> {
  const upstream = new URL(target);
  const server = createServer((incoming, outgoing) => {
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, host: upstream.host, ...headers },
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forward.on('error', () => outgoing.writeHead(502).end());
    incoming.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () =>
      new Promise((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

/**
 * A fetch that sends what is addressed to `publicOrigin` (a name no DNS knows, e.g. `https://idp.example.test`) to
 * the proxy instead, as DNS and a TLS-terminating load balancer would; anything else is refused, so no request
 * leaves loopback.
 */
export function fetchVia(publicOrigin: string, proxy: RunningProxy): typeof fetch {
  return ((url: string | URL | Request, init?: RequestInit) => {
    const href = String(url instanceof Request ? url.url : url);
    if (!href.startsWith(`${publicOrigin}/`)) throw new Error(`this test sends nothing to ${href}`);
    return fetch(`${proxy.url}${href.slice(publicOrigin.length)}`, init);
  }) as typeof fetch;
}
