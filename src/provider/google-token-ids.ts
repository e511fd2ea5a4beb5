import type Provider from 'oidc-provider';
import { tokenPrefix } from '../google/ids.js';

type TokenModel = { prototype: { generateTokenId(this: unknown): string } };

/**
 * Codes, access and refresh tokens carry Google's prefixes (`4/0A…`, `ya29.…`, `1//0…`) in front of
 * oidc-provider's own random identifier, so RPs and logs see familiar shapes. Only the id's text changes:
 * storage, lookup and single use stay oidc-provider's.
 */
export function useGoogleTokenIds(provider: Provider): void {
  for (const [model, prefix] of Object.entries(tokenPrefix)) {
    const { prototype } = (provider as unknown as Record<string, TokenModel>)[model] as TokenModel;
    const generate = prototype.generateTokenId;
    prototype.generateTokenId = function generateTokenId() {
      return `${prefix}${generate.call(this)}`;
    };
  }
}
