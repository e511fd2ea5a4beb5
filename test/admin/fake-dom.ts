import vm from 'node:vm';

/**
 * Just enough of a browser DOM to run the debug page's script in a `vm` context: elements with attributes,
 * children, text, listeners and focus. No HTML parser at all, so the script can only build the page from nodes.
 */
export class FakeText {
  constructor(public data: string) {}
  get textContent(): string {
    return this.data;
  }
}

type Child = FakeElement | FakeText;
type Listener = (this: FakeElement, event: { preventDefault(): void }) => void;

export class FakeElement {
  children: Child[] = [];
  readonly attributes = new Map<string, string>();
  readonly listeners = new Map<string, Listener[]>();
  hidden = false;
  value = '';

  constructor(
    readonly tagName: string,
    private readonly document: FakeDocument,
  ) {}

  setAttribute(name: string, value: unknown): void {
    this.attributes.set(name, String(value));
  }
  getAttribute(name: string): string | null {
    return this.attributes.get(name) ?? null;
  }
  append(...nodes: (Child | string)[]): void {
    for (const node of nodes) this.children.push(typeof node === 'string' ? new FakeText(node) : node);
  }
  replaceChildren(...nodes: (Child | string)[]): void {
    this.children = [];
    this.append(...nodes);
  }
  get textContent(): string {
    return this.children.map((child) => child.textContent).join('');
  }
  set textContent(text: string) {
    this.children = [new FakeText(String(text))];
  }
  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  /** Runs the listeners for `type`; whether one called preventDefault. */
  dispatch(type: string): boolean {
    let prevented = false;
    const event = { preventDefault: () => (prevented = true) };
    for (const listener of this.listeners.get(type) ?? []) listener.call(this, event);
    return prevented;
  }
  focus(): void {
    this.document.activeElement = this;
  }
  /** Every element below this one, depth first. */
  descendants(): FakeElement[] {
    return this.children.flatMap((child) =>
      child instanceof FakeElement ? [child, ...child.descendants()] : [],
    );
  }
  querySelectorAll(selector: string): FakeElement[] {
    const attribute = /^\[([\w-]+)\]$/.exec(selector)?.[1];
    if (!attribute) throw new Error(`fake DOM: unsupported selector ${selector}`);
    return this.descendants().filter((element) => element.attributes.has(attribute));
  }
}

export class FakeDocument {
  readonly body: FakeElement = new FakeElement('body', this);
  activeElement: FakeElement | null = null;
  /** Every element the script created. */
  readonly created: FakeElement[] = [];

  /** Puts the page's elements the script looks up by id into the body. */
  constructor(ids: Record<string, string>) {
    for (const [id, tag] of Object.entries(ids)) {
      const element = new FakeElement(tag, this);
      element.setAttribute('id', id);
      this.body.append(element);
    }
  }
  createElement(tag: string): FakeElement {
    const element = new FakeElement(tag, this);
    this.created.push(element);
    return element;
  }
  createTextNode(text: string): FakeText {
    return new FakeText(text);
  }
  getElementById(id: string): FakeElement | null {
    return this.body.descendants().find((element) => element.getAttribute('id') === id) ?? null;
  }
  querySelectorAll(selector: string): FakeElement[] {
    return this.body.querySelectorAll(selector);
  }
  byId(id: string): FakeElement {
    const element = this.getElementById(id);
    if (!element) throw new Error(`no #${id}`);
    return element;
  }
}

export interface FakePage {
  document: FakeDocument;
  storage: Map<string, string>;
  /** Every request the script made: path and Authorization header. */
  fetches: { path: string; authorization: string | null }[];
  /** Stops the script's timers. */
  close(): void;
}

/** The elements with an id in `html` (tag by id), with the `hidden` ones. */
export function elementsOf(html: string): { ids: Record<string, string>; hidden: string[] } {
  const ids: Record<string, string> = {};
  const hidden: string[] = [];
  for (const [, tag, attributes] of html.matchAll(/<(\w+)(\s[^>]*)>/g)) {
    const id = /\sid="([^"]+)"/.exec(attributes ?? '')?.[1];
    if (!id || !tag) continue;
    ids[id] = tag;
    if (/\shidden(\s|$|>)/.test(attributes ?? '')) hidden.push(id);
  }
  return { ids, hidden };
}

/** Runs `script` as the page `html` at `/admin` would, its fetches going to `origin`; `stored` is sessionStorage. */
export function runInFakePage(
  script: string,
  origin: string,
  html: string,
  stored: Record<string, string> = {},
): FakePage {
  const { ids, hidden } = elementsOf(html);
  const document = new FakeDocument(ids);
  for (const id of hidden) document.byId(id).hidden = true;
  const storage = new Map<string, string>(Object.entries(stored));
  const fetches: FakePage['fetches'] = [];
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let closed = false;
  const sessionStorage = {
    getItem: (key: string) => storage.get(key) ?? null,
    setItem: (key: string, value: string) => storage.set(key, String(value)),
    removeItem: (key: string) => storage.delete(key),
  };
  const context = vm.createContext({
    document,
    location: { pathname: '/admin' },
    sessionStorage,
    fetch: (path: string, init: { headers: Record<string, string> }) => {
      fetches.push({ path, authorization: init.headers.Authorization ?? null });
      return fetch(`${origin}${path}`, init);
    },
    setTimeout: (fn: () => void, ms: number) => {
      if (closed) return undefined;
      const timer = setTimeout(() => {
        timers.delete(timer);
        fn();
      }, ms);
      timers.add(timer);
      return timer;
    },
    clearTimeout: (timer: ReturnType<typeof setTimeout>) => {
      timers.delete(timer);
      clearTimeout(timer);
    },
  });
  vm.runInContext(script, context);
  return {
    document,
    storage,
    fetches,
    close: () => {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
