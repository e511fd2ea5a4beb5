import { type Check, combine, type Finding, fail, shown, skip } from './checks.js';
import { excerpt, fetchText, jsonObject } from './http.js';

/** What the rest of `verify` takes from the discovery document. */
export interface Discovered {
  tokenEndpoint?: string;
  jwksUri?: string;
}

export interface DiscoveryNeeds {
  /** The code exchange needs `token_endpoint`. */
  tokenEndpoint: boolean;
  /** The signature check needs `jwks_uri` (unless `--jwks` gives the keys). */
  jwksUri: boolean;
  /** The `iss` tokens must carry; discovery's `issuer` should be the same. */
  expectedIss: string;
  /** The client authentication the code exchange will use. */
  authMethod?: string;
}

/** `https://idp.example/` → `https://idp.example/.well-known/openid-configuration` (OIDC Discovery §4). */
export function discoveryUrl(issuer: string): string {
  return `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
}

function endpoint(document: Record<string, unknown>, name: string): string | undefined {
  const value = document[name];
  return typeof value === 'string' && URL.canParse(value) ? value : undefined;
}

function required(document: Record<string, unknown>, name: string, url: string, why: string): Finding {
  return {
    level: 'fail',
    expected: `${name}: an absolute URL (${why})`,
    found: `${name} ${shown(document[name])} in ${url}`,
    fix: `publish ${name} in the discovery document`,
  };
}

/** The differences the platform would not mind but a careful relying party might. */
function advisories(document: Record<string, unknown>, needs: DiscoveryNeeds): Finding[] {
  const findings: Finding[] = [];
  if (document.issuer !== needs.expectedIss) {
    findings.push({
      level: 'warn',
      expected: `issuer "${needs.expectedIss}" (the iss the tokens must carry)`,
      found: `issuer ${shown(document.issuer)}`,
      fix: "make discovery's issuer the exact iss of your tokens, or pass --expected-iss with what they carry",
    });
  }
  const algs = document.id_token_signing_alg_values_supported;
  if (!Array.isArray(algs) || !algs.includes('RS256')) {
    findings.push({
      level: 'warn',
      expected: 'id_token_signing_alg_values_supported to include "RS256" (the platform verifies RS256 only)',
      found: `id_token_signing_alg_values_supported ${shown(algs)}`,
      fix: 'sign ID tokens with RS256 and list it',
    });
  }
  const methods = document.token_endpoint_auth_methods_supported ?? ['client_secret_basic'];
  if (needs.authMethod && Array.isArray(methods) && !methods.includes(needs.authMethod)) {
    findings.push({
      level: 'warn',
      expected: `token_endpoint_auth_methods_supported to include "${needs.authMethod}"`,
      found: `token_endpoint_auth_methods_supported ${shown(methods)}`,
      fix: "accept client_secret_basic and client_secret_post: the platform's documents show both",
    });
  }
  return findings;
}

/** Fetches and reads the issuer's discovery document: where the token endpoint and the signing keys are. */
export async function discover(
  issuer: string,
  needs: DiscoveryNeeds,
): Promise<{ check: Check; discovered: Discovered }> {
  if (!needs.tokenEndpoint && !needs.jwksUri) {
    return { check: skip('discovery', 'not needed: the signing keys were given (--jwks)'), discovered: {} };
  }
  const url = discoveryUrl(issuer);
  const fix = `serve the OpenID Connect discovery document at ${url}, or check --issuer`;
  const response = await fetchText(url, { headers: { accept: 'application/json' } });
  if (!response.ok) {
    return {
      check: fail('discovery', { expected: `a JSON document at ${url}`, found: response.error, fix }),
      discovered: {},
    };
  }
  const document = jsonObject(response.text);
  if (response.status !== 200 || !document) {
    return {
      check: fail('discovery', {
        expected: `HTTP 200 with a JSON object at ${url}`,
        found: `HTTP ${response.status}: ${excerpt(response.text)}`,
        fix,
      }),
      discovered: {},
    };
  }
  const discovered = {
    tokenEndpoint: endpoint(document, 'token_endpoint'),
    jwksUri: endpoint(document, 'jwks_uri'),
  };
  const findings: Finding[] = [];
  if (needs.tokenEndpoint && !discovered.tokenEndpoint) {
    findings.push(required(document, 'token_endpoint', url, 'the platform posts the code there'));
  }
  if (needs.jwksUri && !discovered.jwksUri) {
    findings.push(required(document, 'jwks_uri', url, 'the signing keys'));
  }
  findings.push(...advisories(document, needs));
  const found = [
    discovered.tokenEndpoint && `token_endpoint ${discovered.tokenEndpoint}`,
    discovered.jwksUri && `jwks_uri ${discovered.jwksUri}`,
  ].filter(Boolean);
  return { check: combine('discovery', findings, `${url}: ${found.join(', ')}`), discovered };
}
