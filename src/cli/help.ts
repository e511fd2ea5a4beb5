export const helpText = `mock-idp: a mock OpenID Connect identity provider shaped like Google's. For testing only.

Usage:
  mock-idp start [options]                   start the IdP (the default command)
  mock-idp personas [--scenario X] [--json]  list the scenario's personas
  mock-idp persona ID [--scenario X]         print one persona's ID token claims and lp_sdes as JSON
  mock-idp scenario check FILE               validate a scenario file
  mock-idp token --persona ID [--client ID] [--encrypt-to JWKS_FILE|URL] [--ttl S] [--nonce N]
                 [--scenario X] [--issuer URL]
                                             print one envelope ID token (no server needed)
  mock-idp keys public [--format F]          print the signing public key; F: jwks (default), pem, spki-line
  mock-idp keys generate [--out DIR]         write a platform encryption key pair (for encrypted ID tokens)
  mock-idp verify --code CODE --issuer URL --client-id ID --client-secret S [--redirect-uri URI]
                  [--auth-method client_secret_basic|client_secret_post] [--code-verifier V]
                  [--nonce N] [--decrypt-key FILE] [--strict] [--leeway S] [--json]
  mock-idp verify --jwt TOKEN --issuer URL [--expected-iss ISS] [--jwks FILE|URL] [--client-id ID]
                  [--nonce N] [--decrypt-key FILE] [--strict] [--leeway S] [--json]
                                             run the chat platform's checks on a code or ID token from any
                                             IdP, step by step; exit 1 if one fails (--strict: or warns)
  mock-idp --help                            show this help

Options for start:
  --port N                 port to listen on (default 9400, env PORT; 0 picks a free port)
  --host H                 address to bind (default 127.0.0.1, env HOST)
  --issuer URL             public base URL (e.g. behind a proxy): moves the issuer and every endpoint
  --trust-proxy            without --issuer: the issuer and every URL follow each request's Forwarded /
                           X-Forwarded-Proto|Host|Port headers (default: ignored; the bound address)
  --impersonate-google     use https://accounts.google.com as issuer; endpoints stay on this server
  --config FILE            config file (default: the package's config/default.yaml)
  --scenario NAME|FILE     scenario to load (default: the one the config names)
  --keys FILE              signing key file (default .mock-idp/keys.json in the working directory)
  --store URL              keep sessions, codes, tokens, registered clients and the signing keys in Redis
                           (redis://HOST:PORT/DB; config store.url), so instances on one Redis with one
                           --issuer act as one IdP (default: in memory)
  --https                  serve HTTPS with a self-signed certificate (made once, beside the keys in tls/)
  --tls-cert FILE --tls-key FILE   serve HTTPS with this certificate and key
  --https-port N           serve HTTPS on N beside plain HTTP on --port
  --tenants DIR            one issuer per scenario file in DIR, under /<file name>/ (many brands, one process)
  --admin-token TOKEN      require Authorization: Bearer TOKEN on /api and /admin (env MOCK_IDP_ADMIN_TOKEN);
                           made up and printed when --host is beyond loopback and none is given
`;
