import type { Adapter, AdapterPayload } from 'oidc-provider';

/**
 * Where oidc-provider keeps its models (sessions, interactions, codes, grants, tokens, registered clients): in
 * memory (`memoryStore`, the default: one IdP) or in Redis (`redisStore`: any number of IdPs acting as one).
 */
export interface Store {
  Adapter: new (model: string) => Adapter;
  /** Forgets everything: sessions, codes, tokens, grants, registered clients (not the signing keys). */
  clear(): void | Promise<void>;
  /** The live entries of one model (e.g. `Client`). */
  list(model: string): AdapterPayload[] | Promise<AdapterPayload[]>;
  /** Brings shared state (the signing key set) up to date before a request; absent when nothing is shared. */
  refresh?(): Promise<void>;
  /** Lets go of connections; absent when there are none. */
  close?(): Promise<void>;
}

/**
 * The store cannot be reached while the IdP runs. Shaped as an OAuth error, so both oidc-provider's error
 * handlers and mock-idp's error boundary answer `503 { error: "temporarily_unavailable", error_description }`
 * (oidc-provider takes the error code from `message` when `expose` is set).
 */
export class StoreUnavailable extends Error {
  readonly error = 'temporarily_unavailable';
  readonly status = 503;
  readonly statusCode = 503;
  readonly expose = true;
  /** Never sent back to the client's redirect_uri: the answer is the IdP's own 503. */
  readonly allow_redirect = false;

  constructor(
    readonly error_description: string,
    options?: { cause?: unknown },
  ) {
    super('temporarily_unavailable', options);
    this.name = 'StoreUnavailable';
  }
}

/** The store cannot be reached at start-up: a user-facing error (exit 2), the message names the URL. */
export class StoreConnectError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreConnectError';
  }
}
