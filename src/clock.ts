/** The IdP's clock, in whole seconds since the epoch: what `iat`, `exp` and code/token expiry follow. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Math.floor(Date.now() / 1000) };

/**
 * A clock a test suite can shift or freeze (`PUT /admin/clock`, `idp.clock`), so it can test expiry without
 * sleeping. It follows `base` (the system clock by default) until told otherwise.
 */
export class AdjustableClock implements Clock {
  #offset = 0;
  #frozenAt: number | undefined;

  constructor(private readonly base: Clock = systemClock) {}

  now(): number {
    return this.#frozenAt ?? this.base.now() + this.#offset;
  }

  /** Moves the clock `seconds` ahead (or back, when negative) of real time. */
  setOffset(seconds: number): void {
    this.#frozenAt = undefined;
    this.#offset = seconds;
  }

  /** Stops the clock at `epochSeconds`. */
  freeze(epochSeconds: number): void {
    this.#frozenAt = epochSeconds;
  }

  /** Moves the clock `seconds` further, frozen or not. */
  advance(seconds: number): void {
    if (this.#frozenAt !== undefined) this.#frozenAt += seconds;
    else this.#offset += seconds;
  }

  reset(): void {
    this.#offset = 0;
    this.#frozenAt = undefined;
  }

  /** What the clock is doing, for `GET /admin/clock`. */
  state(): { now: number; offset_s: number; frozen_at?: number } {
    return {
      now: this.now(),
      offset_s: this.#offset,
      ...(this.#frozenAt !== undefined ? { frozen_at: this.#frozenAt } : {}),
    };
  }
}
