/**
 * mock-idp's programmatic API: start a Google-shaped mock OpenID Connect IdP inside a test process.
 * See README.md ("In a test suite").
 */

export type { AdjustableClock, Clock } from './clock.js';
export { ConfigError } from './config/errors.js';
export type { ClientConfig, PersonaOverrides } from './config/schema.js';
export type { IssuedRecord, RequestRecord } from './log/records.js';
export type { LpSdes } from './personas/lp-sdes.js';
export type { Persona } from './personas/persona.js';
export { type RunningIdp, type StartOptions, startIdp } from './server/start.js';
export {
  type FaultOptions,
  MockIdp,
  type MockIdpOptions,
  type RequestMatch,
  startMockIdp,
} from './testkit/mock-idp.js';
