/** Unusable TLS files (`--tls-cert`, `--tls-key`): the message names the file. */
export class TlsError extends Error {}
