import type { Context } from 'koa';
import { badRequest } from '../server/http-error.js';
import { readJsonObject } from '../server/read-body.js';
import { type AuthMethod, authMethods } from '../verify/code-exchange.js';
import { type DecryptionKey, decryptionKeysFromJson, KeyInputError } from '../verify/private-keys.js';
import { runChecks, type VerifyOptions } from '../verify/run.js';
import { type ApiContext, optionalString } from './context.js';

const fields = [
  'code',
  'jwt',
  'issuer',
  'expected_iss',
  'client_id',
  'client_secret',
  'redirect_uri',
  'auth_method',
  'code_verifier',
  'nonce',
  'decrypt_key',
  'strict',
] as const;

const codeOnly = ['client_secret', 'redirect_uri', 'auth_method', 'code_verifier'] as const;

function nonEmpty(body: Record<string, unknown>, field: string): string | undefined {
  const value = optionalString(body, field);
  if (value !== undefined && value.trim() === '') {
    throw badRequest('invalid_request', `"${field}" must not be empty`);
  }
  return value;
}

function knownFields(body: Record<string, unknown>): void {
  const unknown = Object.keys(body).filter((key) => !(fields as readonly string[]).includes(key));
  if (unknown.length > 0) {
    throw badRequest(
      'invalid_request',
      `unknown field(s) ${unknown.join(', ')}; known: ${fields.join(', ')}`,
    );
  }
}

function issuerOf(body: Record<string, unknown>): string | undefined {
  const issuer = nonEmpty(body, 'issuer');
  if (issuer !== undefined && (!URL.canParse(issuer) || !/^https?:$/.test(new URL(issuer).protocol))) {
    throw badRequest('invalid_request', `"issuer" must be an http(s) URL, found "${issuer}"`);
  }
  return issuer;
}

function decryptKeysOf(body: Record<string, unknown>): DecryptionKey[] | undefined {
  if (body.decrypt_key === undefined) return undefined;
  try {
    return decryptionKeysFromJson(body.decrypt_key);
  } catch (error) {
    if (error instanceof KeyInputError)
      throw badRequest('invalid_request', `"decrypt_key": ${error.message}`);
    throw error;
  }
}

function authMethodOf(body: Record<string, unknown>): AuthMethod | undefined {
  const method = optionalString(body, 'auth_method');
  if (method === undefined || (authMethods as readonly string[]).includes(method))
    return method as AuthMethod;
  throw badRequest(
    'invalid_request',
    `"auth_method" must be one of ${authMethods.join(', ')}, found "${method}"`,
  );
}

function requiredFor(body: Record<string, unknown>, field: string): string {
  const value = nonEmpty(body, field);
  if (value === undefined) throw badRequest('invalid_request', `"${field}" is required with "code"`);
  return value;
}

/**
 * Reads a `POST /api/verify` body into the checks' options. Without `issuer`, this server is checked: discovery
 * from its URL, and its own `iss` (Google's, when impersonating) expected.
 */
export function verifyRequest(api: ApiContext, body: Record<string, unknown>): VerifyOptions {
  knownFields(body);
  const code = nonEmpty(body, 'code');
  const jwt = nonEmpty(body, 'jwt');
  if ((code === undefined) === (jwt === undefined)) {
    throw badRequest('invalid_request', 'send exactly one of "code" and "jwt"');
  }
  if (body.strict !== undefined && typeof body.strict !== 'boolean') {
    throw badRequest('invalid_request', '"strict" must be true or false');
  }
  const issuer = issuerOf(body);
  const common = {
    issuer: issuer ?? api.baseUrl,
    expectedIss: nonEmpty(body, 'expected_iss') ?? (issuer === undefined ? api.idTokens.issuer : undefined),
    clientId: nonEmpty(body, 'client_id'),
    nonce: optionalString(body, 'nonce'),
    decryptKeys: decryptKeysOf(body),
    strict: body.strict === true,
  };
  if (jwt !== undefined) {
    const misplaced = codeOnly.find((field) => body[field] !== undefined);
    if (misplaced) throw badRequest('invalid_request', `"${misplaced}" goes with "code", not "jwt"`);
    return { ...common, jwt: jwt.trim() };
  }
  return {
    ...common,
    code: code as string,
    clientId: requiredFor(body, 'client_id'),
    clientSecret: requiredFor(body, 'client_secret'),
    redirectUri: nonEmpty(body, 'redirect_uri'),
    authMethod: authMethodOf(body),
    codeVerifier: nonEmpty(body, 'code_verifier'),
  };
}

/**
 * `POST /api/verify`: the platform's checks, as `mock-idp verify` runs them, on a code or an ID token. Answers 200
 * with `{ ok, checks }` whether or not checks fail; 400 only for a malformed request.
 */
export async function verify(api: ApiContext, ctx: Context): Promise<void> {
  const options = verifyRequest(api, await readJsonObject(ctx));
  ctx.set('Cache-Control', 'no-store');
  ctx.body = await runChecks(options);
}
