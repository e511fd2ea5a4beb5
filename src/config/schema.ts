import { z } from 'zod';

const url = z.url({ error: 'expected an absolute URL such as https://app.example.test/callback' });

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
});
export type ClientConfig = z.infer<typeof clientSchema>;

/** `config/default.yaml`: server settings, shared clients and the default scenario. */
export const configSchema = z.strictObject({
  server: z
    .strictObject({
      host: z.string().min(1).default('127.0.0.1'),
      port: z.number().int().min(0).max(65535).default(9400),
      issuer: url.optional(),
    })
    .prefault({}),
  keys: z.strictObject({ file: z.string().min(1).default('.mock-idp/keys.json') }).prefault({}),
  scenario: z.string().min(1).default('default'),
  clients: z.array(clientSchema).default([]),
});
export type Config = z.infer<typeof configSchema>;

/** `scenarios/*.yaml`: the personas and clients one run of the IdP offers. */
export const scenarioSchema = z.strictObject({
  description: z.string().min(1),
  seed: z.number().int().default(42),
  personas: z.strictObject({ count: z.number().int().min(0).max(10_000).default(10) }).prefault({}),
  clients: z.array(clientSchema).default([]),
});
export type Scenario = z.infer<typeof scenarioSchema>;
