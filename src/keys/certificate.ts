import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import type { JWK } from 'jose';

const rs256 = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;
const TEN_YEARS_MS = 10 * 365 * 24 * 3600 * 1000;

/**
 * A self-signed X.509 certificate (PEM) for an RSA signing key, as Google publishes at `/oauth2/v1/certs`.
 */
export async function selfSignedCertificate(
  privateJwk: JWK,
  publicJwk: JWK,
  now = new Date(),
): Promise<string> {
  x509.cryptoProvider.set(webcrypto as Crypto);
  const privateKey = await webcrypto.subtle.importKey('jwk', privateJwk as JsonWebKey, rs256, false, [
    'sign',
  ]);
  const publicKey = await webcrypto.subtle.importKey('jwk', publicJwk as JsonWebKey, rs256, true, ['verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: publicJwk.kid ?? '01',
    name: 'CN=mock-idp signing key',
    notBefore: now,
    notAfter: new Date(now.getTime() + TEN_YEARS_MS),
    signingAlgorithm: rs256,
    keys: { privateKey, publicKey },
    extensions: [new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true)],
  });
  return cert.toString('pem');
}
