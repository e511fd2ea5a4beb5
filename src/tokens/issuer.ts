import type { Clock } from '../clock.js';
import type { FaultBook } from '../faults/book.js';
import { faultText } from '../faults/catalogue.js';
import { RogueKeys } from '../keys/rogue-keys.js';
import type { SigningKey } from '../keys/signing-keys.js';
import type { Claims } from '../personas/claims.js';
import type { EncryptionTarget } from './encrypt.js';
import { type MintedIdToken, mintIdToken } from './id-token.js';

export interface IdTokenRequest {
  clientId: string;
  /** Lifetime in seconds; the scenario's `lifetimes.id_token` by default. */
  ttl?: number;
  encryptTo?: EncryptionTarget;
}

export interface IdTokenIssuerOptions {
  issuer: string;
  /** The signing keys, newest first; new tokens are signed with the first. */
  keys: SigningKey[];
  clock: Clock;
  lifetimeSeconds: number;
  faults: FaultBook;
  /** Told of every token issued, with its claims (the issued-token log). */
  onIssued?: (minted: MintedIdToken, context: { clientId: string; sub?: string; faults: string[] }) => void;
}

/**
 * Issues ID tokens for one IdP: its issuer, current signing key, clock, default lifetime and faults. The token
 * endpoint, the implicit flow, `/api/jwt` and `mock-idp token` all issue through one of these, so their tokens
 * are alike.
 */
export class IdTokenIssuer {
  readonly issuer: string;
  readonly clock: Clock;
  readonly lifetimeSeconds: number;
  readonly #options: IdTokenIssuerOptions;
  readonly #rogue = new RogueKeys();

  constructor(options: IdTokenIssuerOptions) {
    this.#options = options;
    this.issuer = options.issuer;
    this.clock = options.clock;
    this.lifetimeSeconds = options.lifetimeSeconds;
  }

  /** The key new tokens are signed with. */
  get signingKey(): SigningKey {
    const [key] = this.#options.keys;
    if (!key) throw new Error('no signing key');
    return key;
  }

  async issue(claims: Claims, request: IdTokenRequest): Promise<string> {
    const sub = typeof claims.sub === 'string' ? claims.sub : undefined;
    const faults = await this.#options.faults.acting('token', { sub, clientId: request.clientId });
    const minted = await mintIdToken(claims, {
      issuer: this.issuer,
      clientId: request.clientId,
      key: this.signingKey,
      now: this.clock.now(),
      lifetimeSeconds: request.ttl ?? this.lifetimeSeconds,
      encryptTo: request.encryptTo,
      faults,
      rogue: this.#rogue,
    });
    this.#options.onIssued?.(minted, { clientId: request.clientId, sub, faults: faults.map(faultText) });
    return minted.token;
  }
}
