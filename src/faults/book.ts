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
  /** Persona and client fault lists as parsed, by their text: they are checked once, then asked for on every request. */
  readonly #parsed = new Map<string, Fault[]>();

  constructor(
    private readonly personaFaults: (sub: string) => readonly string[],
    private readonly clientFaults: (clientId: string) => Promise<readonly string[]>,
  ) {}

  /** Adds a runtime rule; with `times`, each of its faults acts on that many matching requests, then goes. */
  add(input: RuleInput): void {
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
    this.#rules.push({ faults, for: input.for, shown: input.shown, remaining });
  }

  clear(): void {
    this.#rules = [];
  }

  rules(): RuleView[] {
    return this.#rules.map((rule) => ({
      faults: rule.faults.map(faultText),
      ...(rule.shown ? { for: rule.shown } : {}),
      ...(rule.remaining ? { remaining: Object.fromEntries(rule.remaining) } : {}),
    }));
  }

  /** Whether anything could make `kind` act on a request that names a client or persona. */
  get hasRules(): boolean {
    return this.#rules.length > 0;
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
        if (rule.remaining) {
          const left = rule.remaining.get(faultText(fault)) ?? 0;
          if (left <= 0) continue;
          rule.remaining.set(faultText(fault), left - 1);
        }
        faults.push(fault);
      }
    }
    this.#rules = this.#rules.filter(
      (rule) => !rule.remaining || [...rule.remaining.values()].some((n) => n > 0),
    );
    return faults as Extract<Fault, { kind: K }>[];
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
