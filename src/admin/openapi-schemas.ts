import { z } from 'zod';
import { clientSchema, personaOverridesSchema } from '../config/schema.js';
import { checkIds } from '../verify/checks.js';
import { authMethods } from '../verify/code-exchange.js';
import type { JsonSchema, ResponseObject } from './openapi-types.js';

/** A schema that is `#/components/schemas/<name>` (in OpenAPI 3.1, a `$ref` schema is a JSON Schema like any). */
export const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

const string = (description?: string): JsonSchema => ({
  type: 'string',
  ...(description ? { description } : {}),
});
const integer = (description: string): JsonSchema => ({ type: 'integer', description });
const strings = (description: string): JsonSchema => ({
  type: 'array',
  items: { type: 'string' },
  description,
});
const object = (
  properties: Record<string, JsonSchema>,
  required: string[] = [],
  extra = false,
): JsonSchema => ({
  type: 'object',
  properties,
  required,
  additionalProperties: extra,
});

/** A request body schema from the zod schema that validates it, so the document cannot drift from the check. */
function fromZod(schema: z.ZodType, description: string): JsonSchema {
  const { $schema: _, ...json } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  return { ...json, description };
}

const faultRule = object(
  {
    faults: strings('Fault names, e.g. `expired`, `slow:500`, `missing_claim:sub`.'),
    for: {
      type: 'object',
      description: 'The client and/or persona the rule is limited to, as given.',
      properties: { client_id: string(), persona: string('Persona id or email.') },
      additionalProperties: false,
    },
    remaining: {
      type: 'object',
      description: 'Per fault: how many more matching requests it acts on (rules with `times` only).',
      additionalProperties: { type: 'integer' },
    },
  },
  ['faults'],
);

/** Component schemas: bodies the routes read and write. */
export function componentSchemas(): Record<string, JsonSchema> {
  return {
    Error: object(
      {
        error: {
          type: 'string',
          description: 'OAuth-style error code.',
          examples: ['invalid_request', 'unknown_persona', 'unknown_client', 'unauthorized', 'not_found'],
        },
        error_description: string('What was wrong, and how to fix it.'),
      },
      ['error', 'error_description'],
    ),
    Health: object(
      { status: { const: 'ok' }, issuer: string(), personas: integer('How many personas the IdP offers.') },
      ['status', 'issuer', 'personas'],
    ),
    PersonaSummary: object(
      {
        id: string(),
        sub: string('21 digits, as Google.'),
        email: string(),
        name: string(),
        ctype: string('Customer type in `lp_sdes`.'),
        faults: strings('Faults every token for this persona carries.'),
      },
      ['id', 'sub', 'email', 'name', 'ctype', 'faults'],
    ),
    PersonaInput: fromZod(
      personaOverridesSchema,
      "A scenario file's `personas.explicit[]` entry: generated from `id`, then overridden field by field.",
    ),
    Client: {
      type: 'object',
      description: 'Client metadata as oidc-provider holds it, `client_secret` left out.',
      properties: { client_id: string(), redirect_uris: strings('Registered redirect URIs.') },
      required: ['client_id'],
      additionalProperties: true,
    },
    ClientInput: fromZod(
      clientSchema,
      "A scenario file's `clients[]` entry (OIDC registration metadata names); `encryption_key.file` is relative to the IdP's working directory.",
    ),
    RequestRecord: object(
      {
        time: { type: 'string', format: 'date-time' },
        method: string(),
        path: string(),
        params: {
          type: 'object',
          description: 'Query and body parameters; secrets are `"***"`.',
          additionalProperties: true,
        },
        status: integer('HTTP status answered.'),
        client_id: string(),
        persona: string("The persona's id."),
      },
      ['time', 'method', 'path', 'params', 'status'],
    ),
    IssuedRecord: object(
      {
        time: { type: 'string', format: 'date-time' },
        kind: { enum: ['id_token', 'access_token'] },
        token: string('The ID token as sent (JWS or JWE compact), or the access token id.'),
        client_id: string(),
        persona: string(),
        header: {
          type: 'object',
          description: 'JWS header (of the inner JWS when encrypted).',
          additionalProperties: true,
        },
        encryption: {
          type: 'object',
          description: 'JWE header, when encrypted.',
          additionalProperties: true,
        },
        claims: { type: 'object', additionalProperties: true },
        faults: strings('Faults the token carries.'),
      },
      ['time', 'kind', 'token', 'claims'],
    ),
    FaultRule: faultRule,
    FaultRuleInput: object(
      {
        faults: { ...strings('Fault names.'), minItems: 1 },
        for: {
          type: 'object',
          description: 'Limit the rule to a client and/or a persona (id or email).',
          properties: { client_id: string(), persona: string() },
          minProperties: 1,
          additionalProperties: false,
        },
        times: { type: 'integer', minimum: 1, description: 'Act on the next N matching requests, then go.' },
      },
      ['faults'],
    ),
    Faults: object({ faults: { type: 'array', items: ref('FaultRule') } }, ['faults']),
    ClockState: object(
      {
        now: integer("The IdP's time, epoch seconds."),
        offset_s: integer('Seconds added to real time.'),
        frozen_at: integer('Epoch seconds the clock is frozen at, when frozen.'),
      },
      ['now', 'offset_s'],
    ),
    ClockInput: {
      oneOf: [
        object(
          { offset_s: integer('Shift by this many seconds, at most a century (3153600000) either way.') },
          ['offset_s'],
        ),
        object(
          { frozen_at: integer('Freeze at these epoch seconds, 0 to 253402300799 (the end of year 9999).') },
          ['frozen_at'],
        ),
      ],
    },
    KeyRotation: object(
      { kid: string('The new signing key.'), published: strings('Every kid now in the JWKS.') },
      ['kid', 'published'],
    ),
    EnvelopeJwtRequest: object(
      {
        persona: string('Persona id or email (an unknown email creates a persona).'),
        client_id: string(),
        nonce: string(),
        ttl: { type: 'integer', minimum: 1, maximum: 86_400, description: 'Lifetime in seconds.' },
        encrypt: { type: 'boolean', description: "Force encryption on (to the client's key) or off." },
      },
      ['persona', 'client_id'],
      true,
    ),
    EnvelopeJwt: object(
      { id_token: string('JWS, or JWE when encrypted.'), expires_in: integer('Seconds.') },
      ['id_token', 'expires_in'],
    ),
    CodeRequest: object(
      {
        persona: string('Persona id or email (an unknown email creates a persona).'),
        client_id: string(),
        redirect_uri: string("Default: the client's first registered redirect URI."),
        scope: string('Default `openid email profile`; only those three.'),
        nonce: string(),
        code_challenge: { type: 'string', pattern: '^[A-Za-z0-9._~-]{43,128}$' },
        code_challenge_method: { enum: ['S256', 'plain'] },
      },
      ['persona', 'client_id'],
      true,
    ),
    Code: object(
      { code: string('Redeemable once at the token endpoint.'), expires_in: integer('Seconds.') },
      ['code', 'expires_in'],
    ),
    VerifyRequest: {
      ...object({
        code: string('An authorization code to redeem and check (send `code` or `jwt`).'),
        jwt: string('An ID token, JWS or JWE, to check.'),
        issuer: string('The IdP to check against (default: this one); http(s).'),
        expected_iss: string("The `iss` to expect (default: this IdP's issuer, when `issuer` is not given)."),
        client_id: string('Required with `code`; the `aud` to expect.'),
        client_secret: string('Required with `code`.'),
        redirect_uri: string('With `code` only.'),
        auth_method: { enum: [...authMethods], description: 'With `code` only.' },
        code_verifier: string('With `code` only.'),
        nonce: string('The nonce to expect.'),
        decrypt_key: {
          type: 'object',
          description: 'A private JWK or a JWKS holding one, to decrypt a JWE.',
          additionalProperties: true,
        },
        strict: { type: 'boolean', description: "Also fail where only Google's shape differs." },
      }),
      oneOf: [{ required: ['code'] }, { required: ['jwt'] }],
    },
    VerifyReport: object(
      {
        ok: { type: 'boolean', description: 'False when any check fails.' },
        checks: {
          type: 'array',
          items: object(
            {
              id: { enum: [...checkIds] },
              status: { enum: ['pass', 'fail', 'warn', 'skip'] },
              expected: string(),
              found: string(),
              fix: string(),
            },
            ['id', 'status'],
          ),
        },
      },
      ['ok', 'checks'],
    ),
    Jwks: object({ keys: { type: 'array', items: { type: 'object', additionalProperties: true } } }, [
      'keys',
    ]),
  };
}

const error = (description: string, extra: Partial<ResponseObject> = {}): ResponseObject => ({
  description,
  content: { 'application/json': { schema: ref('Error') } },
  ...extra,
});

/** Shared error responses. */
export function componentResponses(): Record<string, ResponseObject> {
  return {
    BadRequest: error('Bad input: the description names the field, what was expected and what was found.'),
    Unauthorized: error('The IdP has an admin token and the request did not carry it (or a wrong one).', {
      headers: {
        'WWW-Authenticate': { description: 'Bearer realm="mock-idp admin"', schema: { type: 'string' } },
      },
    }),
    NotFound: error('No such thing (`not_found`).'),
    Conflict: error('The id, sub or email is taken already.'),
    PayloadTooLarge: error('The body is over 100 KB.'),
  };
}
