/** How long any one request of `verify` may take. */
export const REQUEST_TIMEOUT_MS = 10_000;
/** Largest response `verify` reads (discovery, JWKS, token response). */
const RESPONSE_LIMIT_BYTES = 1024 * 1024;

/** A response read to the end, or why there is none (network error, timeout, too large). */
export type Fetched =
  | { ok: true; status: number; contentType: string; text: string }
  | { ok: false; error: string };

function reason(error: unknown): string {
  const { name, message, cause } = error as Error & { cause?: Error & { code?: string } };
  if (name === 'TimeoutError') return `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`;
  const detail = cause?.code ?? cause?.message;
  return detail ? `${message} (${detail})` : message;
}

/** Fetches a URL with a timeout and a size limit; never throws. Redirects are followed unless `init` says not. */
export async function fetchText(url: string, init: RequestInit = {}): Promise<Fetched> {
  try {
    const response = await fetch(url, {
      ...init,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    if (text.length > RESPONSE_LIMIT_BYTES) {
      return { ok: false, error: `response larger than ${RESPONSE_LIMIT_BYTES} bytes` };
    }
    return {
      ok: true,
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      text,
    };
  } catch (error) {
    return { ok: false, error: reason(error) };
  }
}

/** JSON text as an object, or undefined when it is not a JSON object. */
export function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The start of a response body, for `found`. */
export function excerpt(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat === '') return '(empty body)';
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
