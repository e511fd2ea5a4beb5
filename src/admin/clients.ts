import { join } from 'node:path';
import type { AdapterPayload } from 'oidc-provider';
import { providerClients } from '../config/clients.js';
import { ConfigError } from '../config/errors.js';
import type { IdpContext } from '../server/context.js';
import { HttpError } from '../server/http-error.js';
import { validated } from './validate.js';

function isStatic(idp: IdpContext, clientId: string): boolean {
  return idp.setup.clients.some((client) => client.client_id === clientId);
}

/** Every client: the config's and the scenario's, then added and registered ones. */
export async function listClients(idp: IdpContext): Promise<Record<string, unknown>[]> {
  return [...idp.setup.clients, ...(await idp.store.list('Client'))] as Record<string, unknown>[];
}

/**
 * Adds a client, given as a scenario file's `clients[]` entry (OIDC metadata names), as if registered: checked
 * by oidc-provider like any registration. Gone again at `reset()`.
 */
export async function addClient(idp: IdpContext, input: unknown): Promise<Record<string, unknown>> {
  const { clientSchema } = await import('../config/schema.js');
  const config = validated(clientSchema, input);
  if (await idp.provider.Client.find(config.client_id)) {
    throw new HttpError(
      409,
      'invalid_request',
      `a client "${config.client_id}" exists already: choose another client_id`,
    );
  }
  // An `encryption_key.file` is read relative to the working directory; one that is missing or no key is a 400.
  const [metadata] = await providerClients(
    [config],
    join(process.cwd(), 'POST /admin/clients'),
    idp.encryption,
  ).catch((error: unknown) => {
    if (!(error instanceof ConfigError)) throw error;
    const problems = error.problems.map((problem) => problem.replace(/^.*?clients\[0\]\./, ''));
    throw new HttpError(400, 'invalid_client_metadata', problems.join('; '));
  });
  const payload = { ...metadata, client_id_issued_at: idp.clock.now() } as AdapterPayload;
  const adapter = new idp.store.Adapter('Client');
  await adapter.upsert(config.client_id, payload, 0);
  try {
    await idp.provider.Client.find(config.client_id);
  } catch (error) {
    await adapter.destroy(config.client_id);
    const description =
      (error as { error_description?: string }).error_description ?? (error as Error).message;
    throw new HttpError(400, 'invalid_client_metadata', description);
  }
  return payload as Record<string, unknown>;
}

/** Removes an added or registered client; the config's and the scenario's stay. */
export async function removeClient(idp: IdpContext, clientId: string): Promise<void> {
  if (isStatic(idp, clientId)) {
    throw new HttpError(
      400,
      'invalid_request',
      `client "${clientId}" is defined in the config or scenario file: edit the file`,
    );
  }
  if (!(await idp.provider.Client.find(clientId))) {
    throw new HttpError(404, 'not_found', `no client "${clientId}"`);
  }
  await new idp.store.Adapter('Client').destroy(clientId);
}
