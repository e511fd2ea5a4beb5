import type Provider from 'oidc-provider';
import { ConfigError } from '../config/errors.js';

/**
 * oidc-provider checks static clients on first use; mock-idp checks them at start, so a bad client in a config
 * or scenario file stops start-up with a message naming where it is defined, not a failed request later.
 */
export async function checkClients(provider: Provider, origins: Map<string, string>): Promise<void> {
  const problems: string[] = [];
  for (const [clientId, origin] of origins) {
    try {
      await provider.Client.find(clientId);
    } catch (error) {
      const description =
        (error as { error_description?: string }).error_description ?? (error as Error).message;
      problems.push(`${origin}: ${description}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
}
