/** Parameters that carry secrets: never logged, whatever the endpoint. */
const SECRET = new Set([
  'client_secret',
  'code_verifier',
  'client_assertion',
  'assertion',
  'access_token',
  'refresh_token',
  'id_token',
  'id_token_hint',
  'token',
  'logout_token',
  'registration_access_token',
  'password',
  'decrypt_key',
]);

/**
 * How deep the log follows nested JSON. Deeper values are logged as `"[nested too deep]"`: a nesting bomb in a
 * request body (tens of thousands of levels) must not overflow the stack while the request is logged.
 */
const MAX_DEPTH = 32;

/** `jwks` (public keys) is logged as it is, only cut at the same depth. */
function maskValue(key: string, value: unknown, depth: number, mask = true): unknown {
  if (mask && SECRET.has(key)) return '***';
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[nested too deep]';
  const inner = mask && key !== 'jwks';
  if (Array.isArray(value)) return value.map((item) => maskValue('', item, depth + 1, inner));
  return maskEntries(value as Record<string, unknown>, depth + 1, inner);
}

function maskEntries(params: Record<string, unknown>, depth: number, mask = true): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(params).map(([key, value]) => [key, maskValue(key, value, depth, mask)]),
  );
}

/** A copy with every secret parameter replaced by `"***"`, at any depth (down to 32 levels; deeper is cut). */
export function maskObject(params: Record<string, unknown>): Record<string, unknown> {
  return maskEntries(params, 0);
}
