import type { Clock } from '../clock.js';
import type { SigningKey } from '../keys/signing-keys.js';
import type { Claims } from '../personas/claims.js';
import type { EncryptionTarget } from './encrypt.js';
import { mintIdToken } from './id-token.js';

export interface IdTokenRequest {
  clientId: string;
  /** Lifetime in seconds; the scenario's `lifetimes.id_token` by default. */
  ttl?: number;
  encryptTo?: EncryptionTarget;
}

/**
 * Issues ID tokens for one IdP: its issuer, current signing key, clock and default lifetime. The token endpoint,
 * the implicit flow, `/api/jwt` and `mock-idp token` all issue through one of these, so their tokens are alike.
 */
export class IdTokenIssuer {
  constructor(
    readonly issuer: string,
    private readonly keys: SigningKey[],
    readonly clock: Clock,
    readonly lifetimeSeconds: number,
  ) {}

  /** The key new tokens are signed with. */
  get signingKey(): SigningKey {
    const [key] = this.keys;
    if (!key) throw new Error('no signing key');
    return key;
  }

  issue(claims: Claims, request: IdTokenRequest): Promise<string> {
    return mintIdToken(claims, {
      issuer: this.issuer,
      clientId: request.clientId,
      key: this.signingKey,
      now: this.clock.now(),
      lifetimeSeconds: request.ttl ?? this.lifetimeSeconds,
      encryptTo: request.encryptTo,
    });
  }
}
