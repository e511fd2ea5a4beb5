import { type Check, fail, pass, shown, skip, warn } from './checks.js';

type Claims = Record<string, unknown>;

/** Why two issuers that look alike are not equal, for the fix. */
function issuerHint(found: unknown, expected: string): string {
  if (typeof found !== 'string') return '';
  if (found.replace(/\/+$/, '') === expected.replace(/\/+$/, ''))
    return ' (they differ only in a trailing slash)';
  if (found.replace(/^https?:\/\//, '') === expected.replace(/^https?:\/\//, '')) {
    return ' (they differ only in the scheme)';
  }
  return '';
}

/** `iss` must be exactly the issuer the platform is configured with (consumer-auth.md §4). */
export function checkIss(payload: Claims, expected: string): Check {
  if (payload.iss === expected) return pass('iss', `"${expected}"`);
  return fail('iss', {
    expected: `"${expected}"`,
    found: shown(payload.iss),
    fix: `issue tokens with iss exactly "${expected}"${issuerHint(payload.iss, expected)}, or pass --expected-iss with the issuer the platform is configured with`,
  });
}

/** `aud` must name the platform's client id, when one is given. */
export function checkAud(payload: Claims, clientId: string | undefined): Check {
  if (clientId === undefined) return skip('aud', `no client id given; aud is ${shown(payload.aud)}`);
  const { aud } = payload;
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (audiences.includes(clientId)) return pass('aud', shown(aud));
  return fail('aud', {
    expected: `"${clientId}" (or an array containing it)`,
    found: shown(aud),
    fix: `issue the token to the platform's client: aud "${clientId}"`,
  });
}

/** `azp`, when present, should be the client id (OIDC Core §3.1.3.7); the platform does not read it. */
export function checkAzp(payload: Claims, clientId: string | undefined): Check {
  if (clientId === undefined) return skip('azp', `no client id given; azp is ${shown(payload.azp)}`);
  if (payload.azp === undefined) return skip('azp', 'no azp claim (google_shape reports it)');
  if (payload.azp === clientId) return pass('azp', `"${clientId}"`);
  return warn('azp', {
    expected: `"${clientId}"`,
    found: shown(payload.azp),
    fix: `set azp to the client the token was issued to ("${clientId}"), or leave it out`,
  });
}

/** `nonce` must echo the one sent, when one is given. */
export function checkNonce(payload: Claims, nonce: string | undefined): Check {
  if (nonce === undefined) return skip('nonce', `no nonce given; nonce is ${shown(payload.nonce)}`);
  if (payload.nonce === nonce) return pass('nonce', `"${nonce}"`);
  return fail('nonce', {
    expected: `"${nonce}"`,
    found: shown(payload.nonce),
    fix: 'echo the nonce the token was requested with (authorization request, or the brand backend call), unchanged',
  });
}

/** `sub` is the customer id the platform maps to `ctmrinfo.customerId`: a non-empty string. */
export function checkSub(payload: Claims): Check {
  const { sub } = payload;
  if (typeof sub === 'string' && sub.trim() !== '') return pass('sub', `"${sub}"`);
  return fail('sub', {
    expected: 'a non-empty string: the customer id',
    found: shown(sub),
    fix: `put the consumer's stable, non-guessable id in sub as a string${typeof sub === 'number' ? ' (a JSON string, not a number)' : ''}`,
  });
}
