import { type Fault, faultText } from './catalogue.js';
import { FaultError, parseFaults } from './parse.js';

/** Distinct fault lists kept parsed (registered clients may bring any number of them). */
const PARSED_KEPT = 1000;

const NONE: readonly never[] = [];

/** Who a request is about, as far as the endpoint knows. */
export interface FaultSubject {
  /** The persona's `sub`. */
  sub?: string;
  clientId?: string;
}

/** A runtime rule from `PUT /admin/faults` or `POST /admin/faults/next`. */
interface Rule {
  /** Its handle in the shared state; rules act in the order of their ids. */
  id: number;
  faults: Fault[];
  for?: FaultSubject;
  /** `for` as the caller wrote it (persona id rather than `sub`), for display. */
  shown?: Record<string, string>;
  /** Per fault: how many more times it acts; absent for rules without `times`. */
  remaining?: Map<string, number>;
}

export interface RuleInput {
  faults: string[];
  for?: FaultSubject;
  /** `for` as the caller wrote it, e.g. `{ persona: "persona-1" }`. */
  shown?: Record<string, string>;
  times?: number;
}

/** What `GET /admin/faults` shows of a rule. */
export interface RuleView {
  faults: string[];
  for?: Record<string, string>;
  remaining?: Record<string, number>;
}

/** A rule as kept in the shared state (plain data, faults by name). */
export interface SharedRule {
  id: number;
  faults: string[];
  for?: FaultSubject;
  shown?: Record<string, string>;
  remaining?: Record<string, number>;
}

/**
 * Where the runtime rules are kept besides this process (with a Redis store: for every instance on it). Counted
 * faults are used up there, so that `times: 1` acts once whichever instance meets it.
 */
export interface FaultSharing {
  /** Keeps a new rule; resolves with its id. */
  added(rule: Omit<SharedRule, 'id'>): Promise<number>;
  cleared(): Promise<void>;
  /** Uses up one of `fault`'s remaining count in rule `id`, atomically: whether one was left. */
  consume(id: number, fault: string, ruleFaults: string[]): Promise<boolean>;
}

function matches(rule: Rule, subject: FaultSubject): boolean {
  const scope = rule.for;
  if (!scope) return true;
  if (scope.clientId !== undefined && scope.clientId !== subject.clientId) return false;
  if (scope.sub !== undefined && scope.sub !== subject.sub) return false;
  return true;
}

/**
 * The faults in force for one IdP: per persona (scenario), per client (scenario or `mock_faults` at registration)
 * and at runtime (admin API), and which of them act on a given request.
 */
export class FaultBook {
  #rules: Rule[] = [];
  #lastId = 0;
  #sharing: FaultSharing | undefined;
  /** Persona and client fault lists as parsed, by their text: they are checked once, then asked for on every request. */
  readonly #parsed = new Map<string, Fault[]>();

  constructor(
    private readonly personaFaults: (sub: string) => readonly string[],
    private readonly clientFaults: (clientId: string) => Promise<readonly string[]>,
  ) {}

  /** From now on, runtime rules are kept, and counted faults used up, through `sharing`. */
  share(sharing: FaultSharing): void {
    this.#sharing = sharing;
  }

  /**
   * Adds a runtime rule (shared once this resolves); with `times`, each of its faults acts on that many matching
   * requests, then goes.
   */
  async add(input: RuleInput): Promise<void> {
    const faults = parseFaults(input.faults);
    if (input.for && faults.some((f) => f.kind === 'jwks')) {
      throw new FaultError(
        'jwks_unavailable acts on the JWKS, which no client or persona fetches: set it without "for"',
      );
    }
    const remaining =
      input.times === undefined
        ? undefined
        : new Map(faults.map((f) => [faultText(f), input.times as number]));
    const rule: Rule = { id: 0, faults, for: input.for, shown: input.shown, remaining };
    rule.id = this.#sharing ? await this.#sharing.added(sharedForm(rule)) : ++this.#lastId;
    // Unless a refresh meanwhile brought it from the shared state.
    if (!this.#rules.some((known) => known.id === rule.id)) this.#rules.push(rule);
  }

  /** Forgets every runtime rule (everywhere, once this resolves). */
  async clear(): Promise<void> {
    await this.#sharing?.cleared();
    this.#rules = [];
  }

  /** The runtime rules are these from now on (they come from the shared state). */
  adopt(rules: SharedRule[]): void {
    this.#rules = [...rules]
      .sort((a, b) => a.id - b.id)
      .map((rule) => ({
        id: rule.id,
        faults: parseFaults(rule.faults),
        for: rule.for,
        shown: rule.shown,
        remaining: rule.remaining && new Map(Object.entries(rule.remaining)),
      }));
  }

  rules(): RuleView[] {
    return this.#rules.map((rule) => ({
      faults: rule.faults.map(faultText),
      ...(rule.shown ? { for: rule.shown } : {}),
      ...(rule.remaining ? { remaining: Object.fromEntries(rule.remaining) } : {}),
    }));
  }

  /**
   * The faults of `kind` acting on this request: the persona's, the client's and the matching runtime rules'.
   * Runtime faults with a count are used up here, as they act.
   */
  async acting<K extends Fault['kind']>(
    kind: K,
    subject: FaultSubject,
  ): Promise<Extract<Fault, { kind: K }>[]> {
    // Each source was checked for contradictions when defined; across sources, all of them act.
    const persona = this.#parse(subject.sub ? this.personaFaults(subject.sub) : NONE);
    const client = this.#parse(subject.clientId ? await this.clientFaults(subject.clientId) : NONE);
    const faults: Fault[] = [];
    for (const own of [persona, client]) for (const fault of own) if (fault.kind === kind) faults.push(fault);
    if (this.#rules.length === 0) return faults as Extract<Fault, { kind: K }>[];
    for (const rule of this.#rules.filter((r) => matches(r, subject))) {
      for (const fault of rule.faults.filter((f) => f.kind === kind)) {
        if (!rule.remaining || (await this.#useUp(rule, faultText(fault)))) faults.push(fault);
      }
    }
    this.#rules = this.#rules.filter(
      (rule) => !rule.remaining || [...rule.remaining.values()].some((n) => n > 0),
    );
    return faults as Extract<Fault, { kind: K }>[];
  }

  /** Uses up one of a counted fault: whether one was left (here, and in the shared state when shared). */
  async #useUp(rule: Rule, fault: string): Promise<boolean> {
    const remaining = rule.remaining as Map<string, number>;
    const left = remaining.get(fault) ?? 0;
    if (left <= 0) return false;
    remaining.set(fault, left - 1);
    if (!this.#sharing) return true;
    const used = await this.#sharing.consume(rule.id, fault, [...remaining.keys()]);
    if (!used) remaining.set(fault, 0);
    return used;
  }

  #parse(texts: readonly string[]): readonly Fault[] {
    if (texts.length === 0) return NONE;
    const key = texts.join('\n');
    let parsed = this.#parsed.get(key);
    if (!parsed) {
      parsed = parseFaults(texts);
      if (this.#parsed.size >= PARSED_KEPT) this.#parsed.clear();
      this.#parsed.set(key, parsed);
    }
    return parsed;
  }
}

/** A new rule as the shared state keeps it. */
function sharedForm(rule: Rule): Omit<SharedRule, 'id'> {
  return {
    faults: rule.faults.map(faultText),
    ...(rule.for ? { for: rule.for } : {}),
    ...(rule.shown ? { shown: rule.shown } : {}),
    ...(rule.remaining ? { remaining: Object.fromEntries(rule.remaining) } : {}),
  };
}
