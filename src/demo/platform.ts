import { verifyRequest } from '../api/verify.js';
import type { IssuedRecord } from '../log/records.js';
import type { IdpContext } from '../server/context.js';
import type { Check } from '../verify/checks.js';
import { runChecks } from '../verify/run.js';
import { type AgentView, authenticatedView, refusal } from './agent-view.js';
import {
  DEMO_CLIENT_ID,
  DEMO_CLIENT_SECRET,
  DEMO_ENCRYPTED_CLIENT_ID,
  demoCallbackUrl,
  demoClientMetadata,
  demoClientShape,
  ensureDemoClient,
} from './clients.js';
import { type DemoKeys, demoKeyDir, loadOrCreateDemoKeys } from './keys.js';
import { type TokenParts, tokenParts } from './token-parts.js';

/** What the demo page hands the platform: what the brand page or the popup window gave it. */
export type PlatformInput =
  | { flow: 'code'; encrypt: boolean; code: string; redirectUri?: string; nonce?: string }
  | { flow: 'implicit'; encrypt: boolean; jwt: string; nonce?: string };

/** What the platform answers the demo page: its checks, the token taken apart, and the agent's view. */
export interface PlatformResult {
  ok: boolean;
  client_id: string;
  checks: Check[];
  /** The ID token the platform received (by code exchange, or as handed over); absent when it got none. */
  token?: TokenParts;
  agent: AgentView;
}

/** The demo's setup as the page needs it. */
export interface DemoSetup {
  clientId: string;
  encryptedClientId: string;
  callbackUrl: string;
  /** False on a plain-HTTP, non-loopback URL, where the popup Implicit Flow cannot be registered. */
  implicitPopup: boolean;
  kid: string;
}

/**
 * The demo's chat platform, server side, for one IdP: its own RSA key pair (made on first use, kept in `demo/`
 * beside the signing keys), two demo clients registered with the IdP (one whose ID tokens are encrypted to the
 * key), and the platform's verification of what a brand hands over — the checks of `POST /api/verify`, run with the
 * demo client's secret and the private key, which never leaves the server.
 */
export class DemoPlatform {
  readonly #idp: IdpContext;
  readonly callbackUrl: string;
  #keys: Promise<DemoKeys> | undefined;

  constructor(idp: IdpContext) {
    this.#idp = idp;
    this.callbackUrl = demoCallbackUrl(idp.baseUrl);
  }

  /** The key pair, loaded or made once per server (a failure is retried at the next call). */
  keys(): Promise<DemoKeys> {
    if (!this.#keys) {
      this.#keys = loadOrCreateDemoKeys(demoKeyDir(this.#idp.keyFile)).catch((error: unknown) => {
        this.#keys = undefined;
        throw error;
      });
    }
    return this.#keys;
  }

  /** Makes sure the key pair and both demo clients exist (again after a reset), and says how they are set up. */
  async setup(): Promise<DemoSetup> {
    const keys = await this.keys();
    await ensureDemoClient(this.#idp, demoClientMetadata(DEMO_CLIENT_ID, this.callbackUrl, undefined));
    await ensureDemoClient(this.#idp, demoClientMetadata(DEMO_ENCRYPTED_CLIENT_ID, this.callbackUrl, keys));
    return {
      clientId: DEMO_CLIENT_ID,
      encryptedClientId: DEMO_ENCRYPTED_CLIENT_ID,
      callbackUrl: this.callbackUrl,
      implicitPopup: demoClientShape(this.callbackUrl).implicit,
      kid: keys.kid,
    };
  }

  /** The platform's verification of a code or ID token, as `POST /api/verify` would answer it. */
  async verify(input: PlatformInput): Promise<PlatformResult> {
    await this.setup();
    const keys = await this.keys();
    const clientId = input.encrypt ? DEMO_ENCRYPTED_CLIENT_ID : DEMO_CLIENT_ID;
    // The same body a platform would POST to /api/verify, read by the same code.
    const body =
      input.flow === 'code'
        ? {
            code: input.code,
            client_id: clientId,
            client_secret: DEMO_CLIENT_SECRET,
            redirect_uri: input.redirectUri ?? this.callbackUrl,
            nonce: input.nonce,
            decrypt_key: keys.privateJwk,
          }
        : { jwt: input.jwt, client_id: clientId, nonce: input.nonce, decrypt_key: keys.privateJwk };
    const options = verifyRequest(this.#idp, body);
    const before = new Set(this.#idp.log.issued);
    const report = await runChecks(options);
    const received = input.flow === 'implicit' ? input.jwt : this.#exchanged(before, clientId, report.checks);
    const token = received === undefined ? undefined : await tokenParts(received, keys.decryptionKeys);
    const agent: AgentView = !report.ok
      ? refusal(report, token?.claims)
      : token?.claims
        ? authenticatedView(token.claims, report, new URL(this.#idp.baseUrl).origin)
        : {
            authenticated: false,
            reason:
              'The checks passed, but the ID token cannot be shown: another mock-idp instance answered the code exchange.',
          };
    return { ok: report.ok && agent.authenticated, client_id: clientId, checks: report.checks, token, agent };
  }

  /**
   * The ID token the token endpoint gave the checks' code exchange. `runChecks` keeps it to itself, so it is read
   * from what this IdP issued meanwhile: the newest ID token for the demo client (the exchange ran in this process).
   */
  #exchanged(before: Set<IssuedRecord>, clientId: string, checks: Check[]): string | undefined {
    if (checks.find((check) => check.id === 'code_exchange')?.status !== 'pass') return undefined;
    const issued = this.#idp.log.issued.filter(
      (record) => !before.has(record) && record.kind === 'id_token' && record.client_id === clientId,
    );
    return issued.at(-1)?.token;
  }
}
