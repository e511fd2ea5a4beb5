/** One request the IdP received, secrets masked: what `idp.requests` and `GET /admin/requests` list. */
export interface RequestRecord {
  /** ISO 8601. */
  time: string;
  method: string;
  path: string;
  /** Query and body parameters; secrets (client secrets, verifiers, tokens) are `"***"`. */
  params: Record<string, unknown>;
  status: number;
  client_id?: string;
  /** The persona's id. */
  persona?: string;
}

/** One token the IdP issued: what `idp.issued` and `GET /admin/tokens` list. */
export interface IssuedRecord {
  time: string;
  kind: 'id_token' | 'access_token';
  token: string;
  client_id?: string;
  persona?: string;
  /** The JWS header (for an encrypted ID token, the inner one; the JWE's is `encryption`). */
  header?: Record<string, unknown>;
  encryption?: Record<string, unknown>;
  claims: Record<string, unknown>;
  /** Faults the token carries. */
  faults?: string[];
}
