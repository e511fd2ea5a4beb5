import type { Client } from 'oidc-provider';
import type { Persona } from '../personas/persona.js';
import type { IdpContext } from '../server/context.js';
import { badRequest } from '../server/http-error.js';

/** What the `/api` endpoints work with: the running IdP's pieces, as the protocol endpoints use them. */
export type ApiContext = IdpContext;

/** A required string field of a JSON body. */
export function requiredString(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value === '') {
    throw badRequest('invalid_request', `"${field}" is required: a non-empty string`);
  }
  return value;
}

/** An optional string field of a JSON body. */
export function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw badRequest('invalid_request', `"${field}" must be a string`);
  return value;
}

/** A persona by id or email (an unknown email creates one, as `login_hint` does). */
export async function personaFor(api: ApiContext, handle: string): Promise<Persona> {
  const persona = await api.personas.resolveHint(handle);
  if (!persona) {
    throw badRequest(
      'unknown_persona',
      `no persona "${handle}"; known persona ids: ${api.personas.ids().join(', ')}`,
    );
  }
  return persona;
}

export async function clientFor(api: ApiContext, clientId: string): Promise<Client> {
  const client = await api.provider.Client.find(clientId);
  if (!client) {
    throw badRequest(
      'unknown_client',
      `no client "${clientId}": use one from the scenario or register one at /register`,
    );
  }
  return client;
}
