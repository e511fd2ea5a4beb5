import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { isLoopback } from '../../src/server/admin-token.js';
import { startIdp } from '../../src/server/start.js';
import { startCli, tempDir } from '../helpers/cli.js';

/**
 * The IdP binds to loopback unless told otherwise: the programmatic start, the CLI and the config's default. What
 * the kernel has listening is checked (/proc/net/tcp*), not only what the IdP says.
 */

/** The local addresses listening on `port`, as the kernel lists them (IPv4 and IPv6). */
function listeningAddresses(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const found: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.trim().split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      const [address, localPort] = (local ?? '').split(':');
      if (localPort === hexPort && state === '0A') found.push(decode(address ?? ''));
    }
  }
  return found;
}

/** /proc's little-endian hex address as text: 0100007F → 127.0.0.1; IPv6 as its 32 hex digits. */
function decode(hex: string): string {
  if (hex.length === 8)
    return (hex.match(/../g) ?? [])
      .reverse()
      .map((b) => Number.parseInt(b, 16))
      .join('.');
  return hex;
}

const IPV6_LOOPBACK = '00000000000000000000000001000000';
const loopbackOnly = (addresses: string[]) =>
  addresses.length > 0 && addresses.every((a) => a.startsWith('127.') || a === IPV6_LOOPBACK);

describe('default bind is loopback', () => {
  it('the config default host is 127.0.0.1, and the shipped config says so too', () => {
    expect(configSchema.parse({}).server.host).toBe('127.0.0.1');
    const shipped = readFileSync(join(import.meta.dirname, '../../config/default.yaml'), 'utf8');
    expect(shipped).toMatch(/^\s*host: 127\.0\.0\.1\b/m);
  });

  it('startIdp without a host listens on 127.0.0.1 only, with no admin token needed', async () => {
    const idp = await startIdp({ port: 0, keysFile: join(tempDir(), 'keys.json') });
    try {
      const url = new URL(idp.listenUrl);
      expect(url.hostname).toBe('127.0.0.1');
      expect(idp.adminToken).toBeUndefined();
      const addresses = listeningAddresses(Number(url.port));
      expect(addresses, `listening on ${addresses.join(', ')}`).toSatisfy(loopbackOnly);
    } finally {
      await idp.stop();
    }
  });

  it('`mock-idp start` without --host listens on 127.0.0.1 only', async () => {
    const cli = await startCli(['--port', '0']);
    try {
      const url = /mock-idp ready: (?:issuer )?(\S+)/.exec(cli.readyLine)?.[1] as string;
      expect(new URL(url).hostname).toBe('127.0.0.1');
      const addresses = listeningAddresses(Number(new URL(url).port));
      expect(addresses, `listening on ${addresses.join(', ')}`).toSatisfy(loopbackOnly);
    } finally {
      await cli.stop();
    }
  });

  it('anything beyond loopback is recognised as such (it would get an admin token)', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', 'localhost'])
      expect(isLoopback(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.10', '10.0.0.1', 'example.org', '127.0.0.1.nip.io']) {
      expect(isLoopback(host), host).toBe(false);
    }
  });
});
