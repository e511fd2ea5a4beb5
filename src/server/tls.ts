import { X509Certificate } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { dirname, join } from 'node:path';
import { TlsError } from './tls-error.js';

export interface TlsMaterial {
  cert: string;
  key: string;
  certFile: string;
  /** SHA-256 fingerprint of the certificate, colon-separated hex, as browsers show it. */
  fingerprint: string;
}

function fingerprintOf(pem: string): string {
  return new X509Certificate(pem).fingerprint256;
}

/** Whether a certificate names every host the IdP is reached by. */
function coversHosts(pem: string, hosts: string[]): boolean {
  const cert = new X509Certificate(pem);
  return hosts.every((host) => (isIP(host) ? cert.checkIP(host) : cert.checkHost(host)) !== undefined);
}

/**
 * The self-signed certificate `--https` serves: made on first start in `dir` (cert.pem + key.pem) for localhost,
 * 127.0.0.1, ::1 and the issuer's host, and made again when a host it must name is missing.
 */
export async function selfSignedTls(dir: string, extraHosts: string[]): Promise<TlsMaterial> {
  const hosts = [...new Set(['localhost', '127.0.0.1', '::1', ...extraHosts])];
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  const existing = await Promise.all([readFile(certFile, 'utf8'), readFile(keyFile, 'utf8')]).catch(
    () => undefined,
  );
  if (existing && coversHosts(existing[0], hosts)) {
    return { cert: existing[0], key: existing[1], certFile, fingerprint: fingerprintOf(existing[0]) };
  }
  const { selfSigned } = await import('./tls-certificate.js');
  const made = await selfSigned(hosts);
  await mkdir(dirname(certFile), { recursive: true });
  await writeFile(keyFile, made.key, { mode: 0o600 });
  await writeFile(certFile, made.cert);
  return { ...made, certFile, fingerprint: fingerprintOf(made.cert) };
}

/** Given certificate and key files (`--tls-cert`, `--tls-key`). */
export async function givenTls(certFile: string, keyFile: string): Promise<TlsMaterial> {
  const read = (file: string) =>
    readFile(file, 'utf8').catch((error: Error) => {
      throw new TlsError(`cannot read ${file}: ${error.message}`);
    });
  const cert = await read(certFile);
  const key = await read(keyFile);
  try {
    return { cert, key, certFile, fingerprint: fingerprintOf(cert) };
  } catch {
    throw new TlsError(`${certFile} is not a PEM certificate`);
  }
}
