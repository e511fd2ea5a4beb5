export type { Clock } from './clock.js';
export { ConfigError } from './config/errors.js';
export type { Persona } from './personas/persona.js';
export { type RunningIdp, type StartOptions, startIdp } from './server/start.js';
