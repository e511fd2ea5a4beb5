/** The IdP's clock, in whole seconds since the epoch: what `iat` and `exp` are computed from. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Math.floor(Date.now() / 1000) };
