import type { IncomingHttpHeaders } from 'node:http';

/** The public origin a request was sent to and the header that named its host; or what is wrong, and where. */
export type RequestOrigin = { origin: string; header: string } | { problem: string; header: string };

/** What the request itself says: the scheme of the connection it came on and its `Host` header. */
export interface Arrival {
  protocol: 'http' | 'https';
  host: string | undefined;
}

/** One part of the origin as a header gave it. */
interface Part {
  value: string;
  header: string;
}

const part = (value: string | undefined, header: string): Part | undefined =>
  value === undefined || value === '' ? undefined : { value, header };

/** The first of a header's comma-separated values (the one written by the proxy nearest the client). */
function first(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  return text?.split(',')[0]?.trim();
}

/** RFC 7239 `Forwarded`'s first element: its `proto` and `host` (`host` may be quoted, e.g. `"[::1]:8080"`). */
function forwardedParts(element: string): { proto?: Part; host?: Part } {
  const pairs = new Map<string, string>();
  for (const pair of element.split(';')) {
    const index = pair.indexOf('=');
    if (index < 0) continue;
    const value = pair.slice(index + 1).trim();
    pairs.set(pair.slice(0, index).trim().toLowerCase(), value.replace(/^"(.*)"$/, '$1'));
  }
  return { proto: part(pairs.get('proto'), 'Forwarded'), host: part(pairs.get('host'), 'Forwarded') };
}

/** What the proxy headers claim: `Forwarded` when present, else `X-Forwarded-Proto|Host|Port`. */
function claimed(headers: IncomingHttpHeaders): { proto?: Part; host?: Part; port?: Part } {
  const forwarded = first(headers.forwarded);
  if (forwarded) return forwardedParts(forwarded);
  return {
    proto: part(first(headers['x-forwarded-proto']), 'X-Forwarded-Proto'),
    host: part(first(headers['x-forwarded-host']), 'X-Forwarded-Host'),
    port: part(first(headers['x-forwarded-port']), 'X-Forwarded-Port'),
  };
}

/** A host name or IP literal, with an optional port: nothing that would turn into a path, a user or a query. */
const HOST = /^(?:[a-z0-9._~-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;
const PORT = /^\d{1,5}$/;

const problem = (at: Part, what: string) => ({ header: at.header, problem: `${what}, found "${at.value}"` });

/**
 * The origin a request was sent to, behind trusted proxies: RFC 7239 `Forwarded` (`proto`, `host`) when present,
 * else `X-Forwarded-Proto`, `X-Forwarded-Host` and `X-Forwarded-Port`; what they leave out comes from the request
 * itself (the connection's scheme, the `Host` header). `undefined` when nothing names a host (HTTP/1.0 without
 * `Host`).
 */
export function requestOrigin(headers: IncomingHttpHeaders, arrival: Arrival): RequestOrigin | undefined {
  const claim = claimed(headers);
  const host = claim.host ?? part(arrival.host, 'Host');
  if (!host) return undefined;
  const scheme = claim.proto?.value.toLowerCase() ?? arrival.protocol;
  if (claim.proto && scheme !== 'http' && scheme !== 'https') {
    return problem(claim.proto, 'the scheme must be http or https');
  }
  if (!HOST.test(host.value) || !URL.canParse(`${scheme}://${host.value}`)) {
    return problem(host, 'expected a host name or IP address with an optional port');
  }
  const url = new URL(`${scheme}://${host.value}`);
  if (claim.port) {
    if (!PORT.test(claim.port.value) || Number(claim.port.value) > 65535) {
      return problem(claim.port, 'expected a port number');
    }
    url.port = claim.port.value;
  }
  return { origin: url.origin, header: host.header };
}
