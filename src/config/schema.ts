import { z } from 'zod';
import { FaultError, parseFaults } from '../faults/parse.js';
import { phoneTypes } from '../personas/profile.js';
import { encryptionAlgs, encryptionEncs } from '../tokens/encrypt.js';

/** http(s), or a reverse-DNS app scheme (`com.example.app:/callback`); not `javascript:`, `mailto:`, `localhost:`. */
const url = z.url({
  protocol: /^(https?|[a-z][a-z0-9+-]*(\.[a-z0-9+-]+)+)$/,
  error:
    'expected an absolute http(s) URL such as https://app.example.test/callback (or a reverse-DNS app scheme such as com.example.app:/callback)',
});
const seconds = z.number().int().positive();

/** A list of fault names (see faults/catalogue): unknown names and contradictions are refused here. */
const faultList = z.array(z.string()).superRefine((faults, ctx) => {
  try {
    parseFaults(faults);
  } catch (error) {
    if (!(error instanceof FaultError)) throw error;
    ctx.addIssue({ code: 'custom', message: error.message });
  }
});

/** A relying party, described with OIDC dynamic-registration metadata names. */
export const clientSchema = z.strictObject({
  client_id: z.string().min(1),
  client_secret: z.string().min(1).optional(),
  client_name: z.string().optional(),
  redirect_uris: z.array(url).min(1),
  post_logout_redirect_uris: z.array(url).optional(),
  token_endpoint_auth_method: z.enum(['client_secret_basic', 'client_secret_post', 'none']).optional(),
  grant_types: z.array(z.enum(['authorization_code', 'refresh_token', 'implicit'])).optional(),
  response_types: z
    .array(z.enum(['code', 'id_token', 'id_token token', 'code id_token', 'code id_token token', 'none']))
    .optional(),
  /** Whether this client's ID tokens carry `lp_sdes` (default: the scenario's `lp_sdes`). */
  lp_sdes: z.boolean().optional(),
  /** The platform's public keys, to encrypt ID tokens to (RFC 7591 `jwks`). */
  jwks: z.strictObject({ keys: z.array(z.record(z.string(), z.unknown())).min(1) }).optional(),
  jwks_uri: url.optional(),
  /** A public key file (SPKI or certificate PEM, JWK or JWKS) to encrypt to, e.g. the one the platform gives. */
  encryption_key: z
    .strictObject({
      file: z.string().min(1),
      /** The `kid` the platform names its key by (e.g. `lpsso2026`), put in the JWE header. */
      kid: z.string().min(1).optional(),
    })
    .optional(),
  id_token_encrypted_response_alg: z.enum(encryptionAlgs).optional(),
  id_token_encrypted_response_enc: z.enum(encryptionEncs).optional(),
  /** The platform's legacy popup mode: `response_type=token` answered with the ID token JWT as `token`. */
  legacy_token_response: z.boolean().optional(),
  /** Authorization requests must carry a PKCE `code_challenge` (public clients always must). */
  require_pkce: z.boolean().optional(),
  /** Faults every token and flow for this client carries. */
  mock_faults: faultList.optional(),
});
export type ClientConfig = z.infer<typeof clientSchema>;

/** `config/default.yaml`: server settings, shared clients and the default scenario. */
export const configSchema = z.strictObject({
  server: z
    .strictObject({
      host: z.string().min(1).default('127.0.0.1'),
      port: z.number().int().min(0).max(65535).default(9400),
      issuer: url.optional(),
      /** Derive the issuer per request from `Forwarded` / `X-Forwarded-*` headers (see `--trust-proxy`). */
      trust_proxy: z.boolean().default(false),
    })
    .prefault({}),
  keys: z.strictObject({ file: z.string().min(1).default('.mock-idp/keys.json') }).prefault({}),
  /** Redis for oidc-provider's models and the signing key set, shared by every instance (default: in memory). */
  store: z
    .strictObject({
      url: z
        .string()
        .regex(/^rediss?:\/\/\S*$/, 'expected a Redis URL such as redis://127.0.0.1:6379/0')
        .optional(),
      /** In memory: the most sessions, codes, tokens and grants kept, the oldest dropped first (provider/memory-adapter). */
      max_entries: z.number().int().min(100).max(10_000_000).default(5000),
    })
    .prefault({}),
  scenario: z.string().min(1).default('default'),
  /** A folder of scenario files: one issuer per file, under `/<file name>/` (see `--tenants`). */
  tenants: z.string().min(1).optional(),
  clients: z.array(clientSchema).default([]),
});
export type Config = z.infer<typeof configSchema>;

const calendarDate = z.strictObject({
  day: z.number().int().min(1).max(31),
  month: z.number().int().min(1).max(12),
  year: z.number().int().min(1900).max(2100),
});

/** Overrides for a persona's consumer profile (the data behind `lp_sdes`); every field optional. */
const profileOverrides = z
  .strictObject({
    ctype: z.string(),
    cstatus: z.string(),
    balance: z.number(),
    currency: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as USD'),
    socialId: z.string(),
    imei: z.string().regex(/^\d{15}$/, 'expected 15 digits'),
    companySize: z.number().int().min(0),
    companyBranch: z.string(),
    accountName: z.string(),
    role: z.string(),
    lastPaymentDate: calendarDate,
    registrationDate: calendarDate,
    loginStatus: z.number().int(),
    birthDate: calendarDate,
    phoneType: z.enum(phoneTypes),
    country: z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166 alpha-2 code such as US'),
    region: z.string(),
    company: z.string(),
    language: z.string(),
  })
  .partial();

/** A persona named in a scenario: its id, and any field of the generated persona to override. */
export const personaOverridesSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9._@+-]{1,64}$/, 'expected 1-64 letters, digits or . _ @ + -'),
  sub: z
    .string()
    .regex(/^[1-9][0-9]{20}$/, "expected a 21-digit number as a string, like Google's")
    .optional(),
  email: z.email().optional(),
  email_verified: z.boolean().optional(),
  name: z.string().min(1).optional(),
  given_name: z.string().min(1).optional(),
  family_name: z.string().min(1).optional(),
  locale: z.string().min(2).optional(),
  hd: z.string().min(1).optional(),
  phone_number: z
    .string()
    .regex(/^\+[0-9]{6,15}$/, 'expected E.164, such as +14155550100')
    .optional(),
  preferred_username: z.string().min(1).optional(),
  gender: z.enum(['male', 'female', 'other']).optional(),
  profile: profileOverrides.optional(),
  /** Faults every token and flow for this persona carries, e.g. `[expired]`. */
  faults: faultList.optional(),
});
export type PersonaOverrides = z.infer<typeof personaOverridesSchema>;

/** Refuses two items with the same key (`undefined` keys are not compared), at `[index]` or `[index].field`. */
function noDuplicates<T>(key: (item: T) => string | undefined, what: string, field?: string) {
  return (items: T[], ctx: z.RefinementCtx) => {
    const seen = new Map<string, number>();
    items.forEach((item, index) => {
      const value = key(item);
      if (value === undefined) return;
      const first = seen.get(value);
      if (first === undefined) {
        seen.set(value, index);
        return;
      }
      const path = field ? [index, field] : [index];
      ctx.addIssue({ code: 'custom', path, message: `duplicate ${what} "${value}" (first at [${first}])` });
    });
  };
}

/** `scenarios/*.yaml`: the personas and clients one run of the IdP offers. */
export const scenarioSchema = z.strictObject({
  description: z.string().min(1),
  seed: z.number().int().default(42),
  /** Whether ID tokens carry the platform's `lp_sdes` claim; a client can say otherwise. */
  lp_sdes: z.boolean().default(true),
  /** Whether RP-initiated logout (`/logout`) asks the person first; by default it does not. */
  logout_confirmation: z.boolean().default(false),
  /** Encryption for clients that have a key but name no algorithms (the platform's choice is the default). */
  encryption: z
    .strictObject({
      alg: z.enum(encryptionAlgs).default('RSA-OAEP-256'),
      enc: z.enum(encryptionEncs).default('A256GCM'),
    })
    .prefault({}),
  lifetimes: z
    .strictObject({
      id_token: seconds.default(3600),
      access_token: seconds.default(3599),
      code: seconds.default(600),
      refresh_token: seconds.default(14 * 24 * 3600),
    })
    .prefault({}),
  personas: z
    .strictObject({
      /** How many personas to generate: `persona-1` … `persona-N`. */
      count: z.number().int().min(0).max(10_000).default(0),
      /** Personas by id, each overriding fields of the persona generated for that id. */
      explicit: z
        .array(personaOverridesSchema)
        .default([])
        .superRefine(noDuplicates<PersonaOverrides>((p) => p.id, 'persona id'))
        .superRefine(noDuplicates<PersonaOverrides>((p) => p.sub, 'sub', 'sub'))
        .superRefine(noDuplicates<PersonaOverrides>((p) => p.email?.toLowerCase(), 'email', 'email')),
    })
    .prefault({}),
  clients: z
    .array(clientSchema)
    .default([])
    .superRefine(noDuplicates<ClientConfig>((c) => c.client_id, 'client_id')),
});
export type Scenario = z.infer<typeof scenarioSchema>;
export type Lifetimes = Scenario['lifetimes'];
