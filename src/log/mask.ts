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

function maskValue(key: string, value: unknown): unknown {
  if (SECRET.has(key)) return '***';
  if (key === 'jwks' || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => maskValue('', item));
  return maskObject(value as Record<string, unknown>);
}

/** A copy with every secret parameter replaced by `"***"`, at any depth. */
export function maskObject(params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).map(([key, value]) => [key, maskValue(key, value)]));
}
