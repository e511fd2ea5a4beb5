/** The IdP's clock, in whole seconds since the epoch: what `iat`, `exp` and code/token expiry follow. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Math.floor(Date.now() / 1000) };

/** How an adjustable clock is set: what `GET /admin/clock` shows, less `now`. */
export interface ClockSetting {
  offset_s: number;
  frozen_at?: number;
}

/**
 * A clock a test suite can shift or freeze (`PUT /admin/clock`, `idp.clock`), so it can test expiry without
 * sleeping. It follows `base` (the system clock by default) until told otherwise.
 */
export class AdjustableClock implements Clock {
  #offset = 0;
  #frozenAt: number | undefined;
  #share: ((setting: ClockSetting) => Promise<void>) | undefined;
  #published: Promise<void> = Promise.resolve();

  constructor(private readonly base: Clock = systemClock) {}

  now(): number {
    return this.#frozenAt ?? this.base.now() + this.#offset;
  }

  /** Moves the clock `seconds` ahead (or back, when negative) of real time. */
  setOffset(seconds: number): void {
    this.#frozenAt = undefined;
    this.#offset = seconds;
    this.#changed();
  }

  /** Stops the clock at `epochSeconds`. */
  freeze(epochSeconds: number): void {
    this.#frozenAt = epochSeconds;
    this.#changed();
  }

  /** Moves the clock `seconds` further, frozen or not. */
  advance(seconds: number): void {
    if (this.#frozenAt !== undefined) this.#frozenAt += seconds;
    else this.#offset += seconds;
    this.#changed();
  }

  reset(): void {
    this.#offset = 0;
    this.#frozenAt = undefined;
    this.#changed();
  }

  /** What the clock is doing, for `GET /admin/clock`. */
  state(): { now: number } & ClockSetting {
    return { now: this.now(), ...this.setting() };
  }

  setting(): ClockSetting {
    return { offset_s: this.#offset, ...(this.#frozenAt !== undefined ? { frozen_at: this.#frozenAt } : {}) };
  }

  /** From now on, every change is also handed to `share` (with a Redis store: for every instance on it). */
  share(share: (setting: ClockSetting) => Promise<void>): void {
    this.#share = share;
  }

  /** Resolves once the last change is shared; rejects when sharing it failed. */
  published(): Promise<void> {
    return this.#published;
  }

  /** Is set so from now on, without sharing it (the setting comes from the shared state). */
  adopt(setting: ClockSetting): void {
    this.#offset = setting.offset_s;
    this.#frozenAt = setting.frozen_at;
  }

  #changed(): void {
    if (!this.#share) return;
    const published = this.#share(this.setting());
    // Whoever changed the clock may not wait (`idp.clock.advance()`): a failure is reported to `published()` only.
    published.catch(() => undefined);
    this.#published = published;
  }
}
