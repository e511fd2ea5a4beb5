import fc from 'fast-check';
import { BODY_LIMIT_BYTES } from '../../src/server/read-body.js';

/**
 * Generators of hostile input shared by the fuzz suites: strings, parameters (repeated, unknown, badly encoded),
 * headers, and bodies (form, JSON, random JSON, nesting bombs, binary, huge, under the wrong content type).
 *
 * Every URL a generator makes points at loopback or at a `.invalid` / `.example` name nothing resolves: some
 * values (`jwks_uri`, `issuer` of `/api/verify`, `sector_identifier_uri`) are fetched by the IdP.
 */

/** A port nothing listens on: fetching from it fails at once, on this machine. */
export const DEAD_URL = 'http://127.0.0.1:9/nothing';

const adversarial = [
  '',
  ' ',
  '\t',
  '\r\n',
  '\u0000',
  '%',
  '%%',
  '%zz',
  '%00',
  '+',
  '&',
  '=',
  '#',
  '?',
  ';',
  ',',
  '*',
  'null',
  'undefined',
  'true',
  'false',
  'NaN',
  '-1',
  '0',
  '1e309',
  '9'.repeat(400),
  '[]',
  '{}',
  '{"a":1}',
  '[[[[[[[[[[',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '../../../../etc/passwd',
  '..%2f..%2f..%2fetc%2fpasswd',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "' OR '1'='1",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, meant literally.
  '${7*7}',
  '{{7*7}}',
  '\u202e\u202d',
  '\ufeff',
  'é',
  '🙂',
  '\ud800',
  '\udfff',
  'A'.repeat(5000),
  '🙂'.repeat(500),
  'javascript:alert(1)',
  'data:text/html,<h1>x</h1>',
  'http://evil.example/',
  '//evil.example',
  'https://evil.example@localhost:3000/callback',
  'http://localhost:3000/callback',
  'http://localhost:3000/callback/../evil',
  'eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.',
  'a.b.c',
  'a.b.c.d.e',
  'Basic',
  'Bearer ',
  'openid',
  'openid email profile',
  'persona-1',
  'mock-client',
  DEAD_URL,
];

/**
 * For values the IdP fetches: every http(s) URL (at any depth) that names a host other than loopback becomes
 * `DEAD_URL`, so no fuzz case ever sends the IdP off this machine.
 */
export function keepLoopback(value: unknown): unknown {
  if (typeof value === 'string') {
    if (!/^\s*[a-z][a-z0-9+.-]*:/i.test(value) && !value.trimStart().startsWith('//')) return value;
    const url = URL.parse(value.trim(), 'http://127.0.0.1');
    if (!url || !/^(127\.0\.0\.1|localhost|\[::1\])$/.test(url.hostname)) return DEAD_URL;
    return value;
  }
  if (Array.isArray(value)) return value.map(keepLoopback);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, keepLoopback(v)]));
  }
  return value;
}

/** A hostile string: classic attack strings, random unicode (with lone surrogates), random code units, long runs. */
export const nasty: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...adversarial) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 100, maxLength: 3000 }) },
);

/** Either one of `good` (so the request gets deep into the endpoint) or something hostile. */
export function goodOrNasty(...good: string[]): fc.Arbitrary<string> {
  return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...good) }, { weight: 2, arbitrary: nasty });
}

export type Params = Array<[string, string]>;

type Mutation<V> =
  | { kind: 'set'; name: string; value: V }
  | { kind: 'delete'; name: string }
  | { kind: 'add'; name: string; value: V };

function applyMutation<V>(entries: Array<[string, V]>, mutation: Mutation<V>): Array<[string, V]> {
  switch (mutation.kind) {
    case 'set':
      return [...entries.filter(([name]) => name !== mutation.name), [mutation.name, mutation.value]];
    case 'delete':
      return entries.filter(([name]) => name !== mutation.name);
    case 'add':
      // A second occurrence when the name is there already: repeated parameters.
      return [...entries, [mutation.name, mutation.value]];
  }
}

/**
 * Entries made by mutating a valid request (`bases`): 0 to 4 changes, each replacing a value (with another good
 * or a hostile one), dropping a field, or adding one (unknown, or a repeat). Mutants of good requests get deep
 * into an endpoint; wholly random entries (one case in four) cover the rest.
 */
export function mutatedArb<V>(
  alternatives: Record<string, fc.Arbitrary<V>>,
  anyValue: fc.Arbitrary<V>,
  bases: Array<Record<string, V>>,
): fc.Arbitrary<Array<[string, V]>> {
  const names = Object.keys(alternatives);
  const field = fc.constantFrom(...names);
  const mutation: fc.Arbitrary<Mutation<V>> = fc.oneof(
    {
      weight: 5,
      arbitrary: field.chain((name) =>
        (alternatives[name] as fc.Arbitrary<V>).map((value): Mutation<V> => ({ kind: 'set', name, value })),
      ),
    },
    { weight: 2, arbitrary: field.map((name): Mutation<V> => ({ kind: 'delete', name })) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.oneof(field, nasty), anyValue)
        .map(([name, value]): Mutation<V> => ({ kind: 'add', name, value })),
    },
  );
  const mutant = fc
    .tuple(
      fc.constantFrom(...bases),
      fc.oneof(
        { weight: 1, arbitrary: fc.constant([]) },
        { weight: 5, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 4 }) },
      ),
    )
    .map(([base, mutations]) => mutations.reduce(applyMutation, Object.entries(base)));
  const random = fc
    .tuple(
      fc.record(alternatives, { requiredKeys: [] }),
      fc.array(fc.tuple(fc.oneof(field, nasty), anyValue), { maxLength: 3 }),
    )
    .map(([fields, more]) => [...(Object.entries(fields) as Array<[string, V]>), ...more]);
  return fc.oneof({ weight: 3, arbitrary: mutant }, { weight: 1, arbitrary: random });
}

/** Request parameters: mutants of the valid `bases` (see `mutatedArb`), or each known one present or not. */
export function paramsArb(
  known: Record<string, fc.Arbitrary<string>>,
  ...bases: Array<Record<string, string>>
): fc.Arbitrary<Params> {
  return mutatedArb(known, nasty, bases.length > 0 ? bases : [{}]);
}

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/** Percent-encodes every byte of the string's UTF-8 (lone surrogates become U+FFFD) but unreserved characters. */
export function percentEncode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += UNRESERVED.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Raw query fragments no encoder would produce: broken escapes, overlong and invalid UTF-8, stray separators. */
const rawFragments = [
  '%',
  '%z',
  '%zz',
  '%C0%AF',
  '%FF%FE',
  '%ED%A0%80',
  '%00',
  '&&&',
  '==',
  'a=1=2',
  ';x=1',
  '+%2B+',
  '%E2%80%AE',
  'a[b]=c',
  'a[]=1&a[]=2',
  '__proto__[x]=1',
  'constructor[prototype][x]=1',
];

/** A query string (or form body) for the parameters, sometimes with raw broken fragments spliced in. */
export const encodedParamsArb = (params: fc.Arbitrary<Params>): fc.Arbitrary<string> =>
  fc
    .tuple(
      params,
      fc.oneof(
        { weight: 4, arbitrary: fc.constant([]) },
        { weight: 1, arbitrary: fc.array(fc.constantFrom(...rawFragments), { maxLength: 3 }) },
      ),
    )
    .map(([entries, raw]) =>
      [...entries.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`), ...raw].join('&'),
    );

/** Header values Node's client lets through (visible ASCII, tab, latin-1), hostile ones first. */
const headerValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('', ' ', 'null', '*', 'x'.repeat(4000), 'é', '\t', '\u00ff\u00fe', '=?utf-8?b?w6k=?='),
  fc.string({ unit: 'grapheme-ascii', maxLength: 60 }),
  fc.string({ unit: fc.integer({ min: 0x80, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 20 }),
);

const basicOf = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** Authorization headers: right and wrong credentials, broken Basic, bearer garbage, odd schemes. */
export function authorizationArb(goodBasic: string[] = [], goodBearer: string[] = []): fc.Arbitrary<string> {
  return fc.oneof(
    ...(goodBasic.length > 0 ? [fc.constantFrom(...goodBasic)] : []),
    ...(goodBearer.length > 0 ? [fc.constantFrom(...goodBearer.map((t) => `Bearer ${t}`))] : []),
    fc.tuple(nasty, nasty).map(([u, p]) => basicOf(u, p)),
    fc.tuple(nasty, nasty).map(([u, p]) => basicOf(percentEncode(u), percentEncode(p))),
    fc.constantFrom(
      'Basic',
      'Basic ',
      'Basic !!!!',
      'Basic =',
      `Basic ${Buffer.from('no-colon').toString('base64')}`,
      `Basic ${Buffer.from('%E0%A4%A:x').toString('base64')}`,
      `Basic ${Buffer.from('a:b:c').toString('base64')}`,
      `Basic ${Buffer.from([0xff, 0xfe, 0x3a, 0x00]).toString('base64')}`,
      'Bearer',
      'Bearer ',
      'Bearer a b',
      'bearer x',
      'DPoP x',
      'Negotiate x',
      'Digest username="x"',
    ),
    headerValue.map((v) => `Bearer ${v}`),
    headerValue,
  );
}

export const contentTypes = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'application/json; charset=bogus',
  'APPLICATION/JSON',
  'application/json;;;',
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded; charset=utf-8',
  'application/x-www-form-urlencoded; charset=latin1',
  'application/x-www-form-urlencoded; charset=nope',
  'text/plain',
  'text/html',
  'multipart/form-data; boundary=x',
  'multipart/form-data',
  'application/octet-stream',
  'application/jwt',
  'application/xml',
  '*/*',
  'json',
  '',
];

/** `arb` in one case out of `oneIn`, else `undefined`. */
export function sometimes<T>(arb: fc.Arbitrary<T>, oneIn: number): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: oneIn - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
}

/** `arb`, but in one case out of `oneIn` `undefined`. */
export function usually<T>(arb: fc.Arbitrary<T>, oneIn: number): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: 1, arbitrary: fc.constant(undefined) }, { weight: oneIn - 1, arbitrary: arb });
}

const extraHeaders: fc.Arbitrary<Record<string, string | string[]>> = fc.record(
  {
    accept: fc.oneof(
      fc.constantFrom('application/json', 'text/html', '*/*', 'image/png', 'application/xml;q=0'),
      headerValue,
    ),
    'accept-language': headerValue,
    cookie: fc.oneof(
      fc.constantFrom('_session=x', '_interaction=1; _interaction.sig=2', '=;=;', `a=${'b'.repeat(3000)}`),
      headerValue,
    ),
    'x-forwarded-for': fc.constantFrom('127.0.0.1', '1.2.3.4, 5.6.7.8', 'garbage'),
    'x-forwarded-proto': fc.constantFrom('https', 'gopher', ''),
    'x-forwarded-host': fc.constantFrom('evil.example', 'localhost:1', ''),
    'if-none-match': fc.constantFrom('*', '"x"', 'W/"y"'),
    origin: fc.constantFrom('https://evil.example', 'null', 'http://localhost:3000'),
    dpop: nasty.map(percentEncode),
    'content-encoding': fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'bogus'),
    'x-http-method-override': fc.constantFrom('DELETE', 'PUT'),
    'repeated-header': fc.array(headerValue, { minLength: 2, maxLength: 3 }),
  },
  { requiredKeys: [] },
);

/** Extra headers (in one case out of three): content negotiation, cookies, forwarding, caching, encodings. */
export const extraHeadersArb: fc.Arbitrary<Record<string, string | string[]>> = sometimes(
  extraHeaders,
  3,
).map((headers) => headers ?? {});

/** A JSON text nested `depth` levels deep (arrays, objects, or both), inside an object as most endpoints want. */
export function nestingBomb(depth: number, kind: 'array' | 'object' | 'mixed'): string {
  const open = kind === 'array' ? '[' : kind === 'object' ? '{"a":' : '{"a":[';
  const close = kind === 'array' ? ']' : kind === 'object' ? '}' : ']}';
  return `{"persona":${open.repeat(depth)}1${close.repeat(depth)},"client_id":"mock-client"}`;
}

/** A body of `size` bytes (one byte repeated: cheap to build, and as costly to read as any). */
const sized = (size: number) => Buffer.alloc(size, 'a');

/** Bodies up to and past the 100 KB cap, including one the client declares smaller than it is. */
export const hugeBodyArb: fc.Arbitrary<Buffer> = fc
  .constantFrom(
    BODY_LIMIT_BYTES - 1,
    BODY_LIMIT_BYTES,
    BODY_LIMIT_BYTES + 1,
    2 * BODY_LIMIT_BYTES,
    1024 * 1024,
    57 * 1024,
  )
  .map(sized);

/** Hostile JSON values: random JSON, deep nesting, huge arrays, prototype keys, big numbers. */
export const jsonValueArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom({ __proto__: { polluted: true } }, 1e308, -0, 2 ** 53 + 1) },
  { weight: 1, arbitrary: fc.array(fc.constant(1), { minLength: 1000, maxLength: 5000 }) },
  { weight: 1, arbitrary: nasty },
);

/**
 * A body for an endpoint that takes a form (`params`): the params form-encoded (mostly) or as JSON, random JSON, nesting bombs, binary, huge bodies, nothing. Returned with a content type, which
 * is sometimes the wrong one or missing.
 */
export function bodyArb(params: fc.Arbitrary<Params>): fc.Arbitrary<{ body: Buffer; contentType?: string }> {
  const form = encodedParamsArb(params).map((text) => ({
    body: Buffer.from(text),
    contentType: 'application/x-www-form-urlencoded',
  }));
  const json = fc
    .tuple(params, fc.dictionary(nasty, jsonValueArb, { maxKeys: 3 }))
    .map(([entries, more]) => ({
      body: Buffer.from(JSON.stringify({ ...Object.fromEntries(entries), ...more })),
      contentType: 'application/json',
    }));
  const randomJson = jsonValueArb.map((value) => ({
    body: Buffer.from(JSON.stringify(value) ?? 'null'),
    contentType: 'application/json',
  }));
  const bomb = fc
    .tuple(
      fc.constantFrom(100, 5_000, 30_000),
      fc.constantFrom('array', 'object', 'mixed') as fc.Arbitrary<'array' | 'object' | 'mixed'>,
    )
    .map(([depth, kind]) => ({
      body: Buffer.from(nestingBomb(depth, kind)),
      contentType: 'application/json',
    }));
  const binary = fc
    .uint8Array({ maxLength: 2000 })
    .map((bytes) => ({ body: Buffer.from(bytes), contentType: 'application/octet-stream' }));
  const huge = hugeBodyArb.map((body) => ({ body, contentType: 'application/x-www-form-urlencoded' }));
  const empty = fc.constant({ body: Buffer.alloc(0), contentType: 'application/json' });
  const content = fc.oneof(
    { weight: 30, arbitrary: form },
    { weight: 2, arbitrary: json },
    { weight: 1, arbitrary: randomJson },
    { weight: 1, arbitrary: bomb },
    { weight: 1, arbitrary: binary },
    { weight: 1, arbitrary: huge },
    { weight: 1, arbitrary: empty },
  );
  // The right content type most of the time; else another one, or none at all.
  return fc
    .tuple(content, sometimes(fc.constantFrom(...contentTypes), 8))
    .map(([{ body, contentType }, other]) => ({
      body,
      contentType: other === undefined ? contentType : other === '' ? undefined : other,
    }));
}

/** The methods a case may use, the endpoint's own most of the time. */
export function methodArb(...usual: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...usual) },
    { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS') },
  );
}

/** Builds the headers of a case: a content type for a body, an authorization, extras. */
export function headersOf(
  body: { body: Buffer; contentType?: string } | undefined,
  authorization: string | undefined,
  extra: Record<string, string | string[]>,
): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = { ...extra };
  if (body?.contentType !== undefined) headers['content-type'] = body.contentType;
  if (authorization !== undefined) headers.authorization = authorization;
  return headers;
}
