import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { TlsMaterial } from './tls.js';

export interface ListenOptions {
  host: string;
  /** The plain HTTP port, or the HTTPS port when `tls` is set and `httpsPort` is not. */
  port: number;
  tls?: TlsMaterial;
  /** HTTPS on this port beside plain HTTP on `port`. */
  httpsPort?: number;
}

export interface Listeners {
  /** The URL of the first listener: HTTPS when there is one. */
  url: string;
  urls: string[];
  /** Hands requests to the app once it is built (the issuer depends on the ports). */
  serve(handler: RequestListener): void;
  close(): Promise<void>;
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** What Node's HTTP parser refuses before any route runs: status, reason phrase, what was wrong. */
const parserErrors: Record<string, [number, string, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', 'the request line and headers exceed 16 KB'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'the request did not arrive in time'],
};

/**
 * A request Node's parser refuses (a head over 16 KB, a malformed request line or header) gets a JSON error like any
 * other endpoint's, where Node would send a bare status line; the connection is closed.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, reason, description] = parserErrors[error.code ?? ''] ?? [
    400,
    'Bad Request',
    'the request is not well-formed HTTP/1.1',
  ];
  const body = JSON.stringify({ error: 'invalid_request', error_description: description });
  const head = [
    `HTTP/1.1 ${status} ${reason}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
  ];
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
}

function close(server: Server): Promise<void> {
  return new Promise((done) => {
    if (!server.listening) return done();
    server.close(() => done());
    server.closeAllConnections();
  });
}

/** Opens the IdP's listeners: plain HTTP, HTTPS, or both (`--https-port`). */
export async function openListeners(options: ListenOptions): Promise<Listeners> {
  const { host, tls } = options;
  const plain = !tls || options.httpsPort !== undefined ? createHttpServer() : undefined;
  // node:https (and with it node:tls) is loaded only when TLS is served.
  const secure = tls
    ? (await import('node:https')).createServer({ cert: tls.cert, key: tls.key })
    : undefined;
  const servers = [secure, plain].filter((s): s is Server => s !== undefined);
  for (const server of servers) server.on('clientError', answerClientError);
  const urls: string[] = [];
  try {
    if (secure)
      urls.push(`https://${urlHost(host)}:${await listen(secure, host, options.httpsPort ?? options.port)}`);
    if (plain) urls.push(`http://${urlHost(host)}:${await listen(plain, host, options.port)}`);
  } catch (error) {
    await Promise.all(servers.map(close));
    throw error;
  }
  return {
    url: urls[0] as string,
    urls,
    serve: (handler) => {
      for (const server of servers) server.on('request', handler);
    },
    close: async () => {
      await Promise.all(servers.map(close));
    },
  };
}
