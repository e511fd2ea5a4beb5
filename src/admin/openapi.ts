import type { Context } from 'koa';
import { publicKeyFormats } from '../keys/public-formats.js';
import { componentResponses, componentSchemas, ref } from './openapi-schemas.js';
import type {
  JsonSchema,
  OpenApiDocument,
  Operation,
  PathItem,
  Reference,
  ResponseObject,
} from './openapi-types.js';

const SECURITY_SCHEME = 'adminToken';

type Responses = Operation['responses'];

const shared = (name: string): Reference => ({ $ref: `#/components/responses/${name}` });

const json = (description: string, schema: JsonSchema): ResponseObject => ({
  description,
  content: { 'application/json': { schema } },
});

const noContent = (description: string): ResponseObject => ({ description });

/** Every guarded operation can answer 401 (when the IdP has an admin token). */
const guarded: Responses = { '401': shared('Unauthorized') };
/** Operations reading a JSON body: 400 for a non-JSON or wrong body, 413 for one over 100 KB. */
const withBody: Responses = { '400': shared('BadRequest'), '413': shared('PayloadTooLarge') };

const body = (schemaName: string, description?: string): Operation['requestBody'] => ({
  required: true,
  ...(description ? { description } : {}),
  content: { 'application/json': { schema: ref(schemaName) } },
});

interface Spec extends Omit<Operation, 'tags' | 'responses'> {
  responses: Responses;
}

const admin = (spec: Spec): Operation => ({
  ...spec,
  tags: ['admin'],
  responses: { ...spec.responses, ...guarded },
});
const api = (spec: Spec): Operation => ({
  ...spec,
  tags: ['api'],
  responses: { ...spec.responses, ...guarded },
});

const faultsAnswer = json('The runtime fault rules now in force.', ref('Faults'));
const clockAnswer = json("The IdP's clock.", ref('ClockState'));

/** Every `/admin` and `/api` operation; a test checks this against the routers' own route lists. */
function paths(): Record<string, PathItem> {
  return {
    '/admin': {
      get: {
        operationId: 'debugPage',
        summary: 'Debug page: the latest requests and issued tokens, decoded, refreshed live',
        description:
          'HTML, open without the admin token (a browser cannot send one on navigation); its script asks for the token when the logs answer 401 and sends it as a Bearer header.',
        tags: ['admin'],
        security: [],
        responses: {
          '200': { description: 'The page.', content: { 'text/html': { schema: { type: 'string' } } } },
        },
      },
    },
    '/admin/openapi.json': {
      get: {
        operationId: 'openApiDocument',
        summary: 'This document',
        tags: ['admin'],
        security: [],
        responses: { '200': json('OpenAPI 3.1 document of /admin and /api.', { type: 'object' }) },
      },
    },
    '/admin/health': {
      get: admin({
        operationId: 'health',
        summary: 'The IdP is up: its issuer and how many personas it offers',
        responses: { '200': json('Up.', ref('Health')) },
      }),
    },
    '/admin/personas': {
      get: admin({
        operationId: 'listPersonas',
        summary: 'Every persona, in one line each',
        responses: { '200': json('The personas.', { type: 'array', items: ref('PersonaSummary') }) },
      }),
      post: admin({
        operationId: 'addPersona',
        summary: 'Add a persona (gone again at reset)',
        requestBody: body('PersonaInput'),
        responses: { '201': json('Added.', ref('PersonaSummary')), ...withBody, '409': shared('Conflict') },
      }),
    },
    '/admin/clients': {
      get: admin({
        operationId: 'listClients',
        summary: "Every client: the config's, the scenario's, added and registered ones (no secrets)",
        responses: { '200': json('The clients.', { type: 'array', items: ref('Client') }) },
      }),
      post: admin({
        operationId: 'addClient',
        summary: 'Add a client, checked as a registration (gone again at reset)',
        requestBody: body('ClientInput'),
        responses: {
          '201': json('Added; `client_secret` is not echoed.', ref('Client')),
          ...withBody,
          '409': shared('Conflict'),
        },
      }),
    },
    '/admin/clients/{clientId}': {
      delete: admin({
        operationId: 'removeClient',
        summary: "Remove an added or registered client (the config's and scenario's stay)",
        parameters: [{ name: 'clientId', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '204': noContent('Removed.'),
          '400': shared('BadRequest'),
          '404': shared('NotFound'),
        },
      }),
    },
    '/admin/requests': {
      get: admin({
        operationId: 'listRequests',
        summary: 'Requests the IdP received (not /admin), oldest first, secrets masked; the last 1000',
        responses: { '200': json('The request log.', { type: 'array', items: ref('RequestRecord') }) },
      }),
    },
    '/admin/tokens': {
      get: admin({
        operationId: 'listIssuedTokens',
        summary: 'Tokens the IdP issued, decoded, oldest first; the last 1000',
        responses: { '200': json('The issued-token log.', { type: 'array', items: ref('IssuedRecord') }) },
      }),
    },
    '/admin/reset': {
      post: admin({
        operationId: 'reset',
        summary: 'Back to the scenario as loaded',
        description:
          'Clears the logs, added personas and clients, registered clients, sessions, codes, tokens, faults and the clock offset; keeps the keys.',
        responses: { '204': noContent('Reset.') },
      }),
    },
    '/admin/faults': {
      get: admin({
        operationId: 'listFaults',
        summary: 'Runtime fault rules in force',
        responses: { '200': faultsAnswer },
      }),
      put: admin({
        operationId: 'putFaults',
        summary: 'Add a runtime fault rule (all requests, or those for a client or persona)',
        requestBody: body('FaultRuleInput'),
        responses: { '200': faultsAnswer, ...withBody },
      }),
      delete: admin({
        operationId: 'clearFaults',
        summary: 'Clear every runtime fault rule',
        responses: { '200': json('No rules left.', ref('Faults')) },
      }),
    },
    '/admin/faults/next': {
      post: admin({
        operationId: 'nextFaults',
        summary: "Add a rule acting on exactly the next matching request at each fault's endpoint",
        requestBody: body('FaultRuleInput', '`times` is ignored: it is always 1.'),
        responses: { '200': faultsAnswer, ...withBody },
      }),
    },
    '/admin/clock': {
      get: admin({ operationId: 'getClock', summary: "The IdP's clock", responses: { '200': clockAnswer } }),
      put: admin({
        operationId: 'putClock',
        summary: "Shift or freeze the IdP's clock (iat/exp, code and token expiry)",
        requestBody: body('ClockInput'),
        responses: { '200': clockAnswer, ...withBody },
      }),
      delete: admin({
        operationId: 'resetClock',
        summary: 'Back to real time',
        responses: { '200': clockAnswer },
      }),
    },
    '/admin/keys/rotate': {
      post: admin({
        operationId: 'rotateKeys',
        summary: 'Publish and use a new signing key; the previous kid stays in the JWKS for one rotation',
        responses: { '200': json('Rotated.', ref('KeyRotation')) },
      }),
    },
    '/api/jwt': {
      post: api({
        operationId: 'envelopeJwt',
        summary:
          "An envelope ID token for a persona (encrypted when the client has a key), as the brand's backend hands over",
        requestBody: body('EnvelopeJwtRequest'),
        responses: {
          '200': json('The ID token (Cache-Control: no-store).', ref('EnvelopeJwt')),
          ...withBody,
        },
      }),
    },
    '/api/code': {
      post: api({
        operationId: 'authorizationCode',
        summary: 'A real authorization code for a persona, redeemable once at /token',
        requestBody: body('CodeRequest'),
        responses: { '200': json('The code (Cache-Control: no-store).', ref('Code')), ...withBody },
      }),
    },
    '/api/verify': {
      post: api({
        operationId: 'verify',
        summary: "The platform's checks (as `mock-idp verify`) on an authorization code or an ID token",
        description:
          'Answers 200 whether or not checks fail (`ok` is false when one does); 400 only for a malformed request.',
        requestBody: body('VerifyRequest'),
        responses: {
          '200': json('The checklist (Cache-Control: no-store).', ref('VerifyReport')),
          ...withBody,
        },
      }),
    },
    '/api/public-key': {
      get: api({
        operationId: 'publicKey',
        summary: "Our signing public key: JWKS, PEM, or the one-line SPKI the platform's connector takes",
        parameters: [
          {
            name: 'format',
            in: 'query',
            required: false,
            description:
              '`spki-line` gives only the current signing key; `jwks` and `pem` every published key.',
            schema: { enum: [...publicKeyFormats], default: 'jwks' },
          },
        ],
        responses: {
          '200': {
            description: 'The key(s), newline-terminated.',
            content: {
              'application/json': { schema: ref('Jwks') },
              'application/x-pem-file': { schema: { type: 'string' } },
              'text/plain': { schema: { type: 'string' } },
            },
          },
          '400': shared('BadRequest'),
        },
      }),
    },
  };
}

/** The OpenAPI 3.1 document of mock-idp's `/admin` and `/api`, served from `baseUrl`. */
export function openApiDocument(baseUrl: string): OpenApiDocument {
  return {
    openapi: '3.1.0',
    info: {
      title: 'mock-idp admin and test API',
      version: '0.1.0',
      description:
        "Runtime control (`/admin`) and test conveniences (`/api`) of mock-idp, a mock OpenID Connect IdP shaped like Google's. Not for production. The OpenID Connect endpoints themselves are in `/.well-known/openid-configuration`.",
      license: { name: 'MIT', identifier: 'MIT' },
    },
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    servers: [{ url: baseUrl, description: 'This IdP' }],
    tags: [
      { name: 'admin', description: 'Personas, clients, faults, clock, keys, logs, reset.' },
      { name: 'api', description: "Test conveniences playing the brand's backend." },
    ],
    // `{}`: no token at all is also fine, on an IdP without an admin token.
    security: [{ [SECURITY_SCHEME]: [] }, {}],
    paths: paths(),
    components: {
      schemas: componentSchemas(),
      responses: componentResponses(),
      securitySchemes: {
        [SECURITY_SCHEME]: {
          type: 'http',
          scheme: 'bearer',
          description:
            'Applies only when the IdP has an admin token (`--admin-token`, `MOCK_IDP_ADMIN_TOKEN`, or made up and printed when bound beyond loopback): then every /admin and /api operation but the debug page and this document needs `Authorization: Bearer <token>`. Without one, everything is open (loopback).',
        },
      },
    },
  };
}

/**
 * The base URL a client reached us at: the request's scheme and host (the public ones behind `--issuer`) and the
 * configured path prefix; the configured base URL itself when the request names no host.
 */
export function requestBaseUrl(ctx: Context, configuredBase: string): string {
  const configured = new URL(configuredBase);
  if (!ctx.host) return configuredBase.replace(/\/$/, '');
  return `${ctx.protocol}://${ctx.host}${configured.pathname.replace(/\/$/, '')}`;
}
