import vm from 'node:vm';

/** The platform's callback: (token, error). */
export type TokenCallback = (token: unknown, error?: unknown) => void;
export type IdentityFunction = (callback: (identity: unknown) => void) => void;

/** The `<script>` element as the script sees it: `src` and the data-* attributes. */
export interface FakeScript {
  src: string;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
}

/** The global object the script runs in, playing `window`. */
export type FakeWindow = Record<string, unknown> & {
  lpTag?: { identities?: IdentityFunction[]; [key: string]: unknown };
  mockIdp?: {
    issuer: string;
    baseUrl: string;
    methodName: string;
    getPersona(): string | undefined;
    setPersona(id: string): void;
    identity: IdentityFunction;
  };
};

export interface FakePage {
  window: FakeWindow;
  script: FakeScript;
  /** What the script wrote with console.warn / console.error. */
  warnings: unknown[][];
  errors: unknown[][];
}

export interface PageOptions {
  /** The script element's `src` (absolute, as `HTMLScriptElement.src` is). */
  src: string;
  /** data-* attributes, without the `data-` prefix. */
  data?: Record<string, string>;
  /** Extra or replaced globals (e.g. a fake `fetch`, an existing `lpTag`). */
  globals?: Record<string, unknown>;
  /** Leave `document.currentScript` null (as for a module script); `querySelectorAll` then lists the scripts. */
  noCurrentScript?: boolean;
}

export function fakeScript(src: string, data: Record<string, string> = {}): FakeScript {
  const attributes = new Map(Object.entries(data).map(([name, value]) => [`data-${name}`, value]));
  return {
    src,
    getAttribute: (name) => attributes.get(name) ?? null,
    setAttribute: (name, value) => {
      attributes.set(name, String(value));
    },
  };
}

/** Runs the script text in a fresh `vm` context with a minimal browser-like global: window, document, fetch, URL. */
export function loadInFakePage(source: string, options: PageOptions): FakePage {
  const script = fakeScript(options.src, options.data);
  const warnings: unknown[][] = [];
  const errors: unknown[][] = [];
  const other = fakeScript('https://cdn.example.test/other.js');
  const document = {
    currentScript: options.noCurrentScript ? null : script,
    querySelectorAll: (selector: string) => (selector === 'script[src]' ? [script, other] : []),
  };
  const console = {
    log: () => {},
    warn: (...args: unknown[]) => warnings.push(args),
    error: (...args: unknown[]) => errors.push(args),
  };
  const window: FakeWindow = {
    document,
    console,
    fetch: globalThis.fetch.bind(globalThis),
    URL,
    setTimeout,
    clearTimeout,
    ...options.globals,
  };
  window.window = window;
  vm.createContext(window);
  vm.runInContext(source, window, { filename: 'auth.js' });
  return { window, script, warnings, errors };
}

/** Every call the callback got: the arguments of each. */
export interface CallbackLog {
  calls: unknown[][];
  /** Resolves with the first call's arguments. */
  first: Promise<unknown[]>;
  callback: TokenCallback;
}

export function callbackLog(): CallbackLog {
  const calls: unknown[][] = [];
  let resolveFirst: (args: unknown[]) => void = () => {};
  const first = new Promise<unknown[]>((resolve) => {
    resolveFirst = resolve;
  });
  const callback: TokenCallback = (...args: unknown[]) => {
    calls.push(args);
    resolveFirst(args);
  };
  return { calls, first, callback };
}

const settleTime = () => new Promise((resolve) => setTimeout(resolve, 100));

/**
 * Calls the page's JS method like the platform does and returns the callback's arguments, after checking that the
 * callback was called exactly once (waiting a little after the first call for any second one).
 */
export async function callMethod(page: FakePage, name: string, ...extra: unknown[]): Promise<unknown[]> {
  const method = page.window[name];
  if (typeof method !== 'function') throw new Error(`window.${name} is not a function`);
  const log = callbackLog();
  method(log.callback, ...extra);
  const args = await log.first;
  await settleTime();
  if (log.calls.length !== 1) throw new Error(`the callback was called ${log.calls.length} times`);
  return args;
}

/** Asks every identity function on `lpTag.identities` and returns what each answered (undefined when silent). */
export function askIdentities(page: FakePage): unknown[] {
  return (page.window.lpTag?.identities ?? []).map((identity) => {
    let answer: unknown;
    identity((value) => {
      answer = value;
    });
    return answer;
  });
}
