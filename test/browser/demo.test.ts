import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { formatBalance } from '../../src/demo/agent-view.js';
import type { Persona } from '../../src/personas/persona.js';
import type { RunningIdp } from '../../src/server/start.js';
import { startTestIdp } from '../helpers/idp.js';
import { artifactPath, isolatedContext, launchChromium, type Watch } from './chromium.js';

/**
 * The demo at /demo, end to end in headless Chromium: the four ways the chat platform gets a consumer's identity
 * (embedded or popup window, Code or Implicit Flow), each ending with the agent workspace showing the verified
 * profile, and a fault persona ending with "Not authenticated" and the reason. Screenshots go to test-results/.
 */

const TIMEOUT = 60_000;

let idp: RunningIdp;
let browser: Browser;
let context: BrowserContext | undefined;
let watch: Watch;

beforeAll(async () => {
  idp = await startTestIdp();
  browser = await launchChromium();
}, TIMEOUT);

afterAll(async () => {
  await browser?.close();
  await idp?.stop();
});

afterEach(async () => {
  await context?.close();
  context = undefined;
});

/** The text as rendered (Playwright's innerText of every match; biome takes `.innerText()` for the DOM's). */
async function shown(locator: Locator): Promise<string> {
  return (await locator.allInnerTexts()).join('\n');
}

function persona(id: string): Persona {
  const found = idp.personas.find((p) => p.id === id);
  if (!found) throw new Error(`no persona ${id}`);
  return found;
}

async function openDemo(): Promise<Page> {
  const isolated = await isolatedContext(browser, new URL(idp.url).origin);
  context = isolated.context;
  watch = isolated.watch;
  const page = await context.newPage();
  await page.goto(`${idp.url}/demo`);
  return page;
}

interface Choices {
  persona: string;
  window: 'Embedded' | 'Popup';
  flow: 'Code Flow' | 'Implicit Flow';
  encrypt: boolean;
}

async function choose(page: Page, choices: Choices): Promise<void> {
  await page.getByLabel('Log in as').selectOption(choices.persona);
  await page.getByRole('radio', { name: choices.window, exact: true }).check();
  await page.getByRole('radio', { name: choices.flow, exact: true }).check();
  await page.getByRole('checkbox', { name: 'Encrypt the token' }).setChecked(choices.encrypt);
}

/** Presses "Chat with us" (catching the popup window, for the popup paths) and waits for the agent's verdict. */
async function chat(page: Page, popup: boolean): Promise<'authenticated' | 'refused'> {
  const button = page.getByRole('button', { name: 'Chat with us' });
  if (popup) {
    const opened = page.waitForEvent('popup');
    await button.click();
    const window = await opened;
    // The window closes itself once /demo/callback has handed the result over (maybe before this line runs).
    if (!window.isClosed()) await window.waitForEvent('close', { timeout: 30_000 });
  } else {
    await button.click();
  }
  const done = page.locator('#agent-body[data-state="authenticated"], #agent-body[data-state="refused"]');
  await done.waitFor({ timeout: 30_000 });
  return (await done.getAttribute('data-state')) as 'authenticated' | 'refused';
}

/** The agent workspace shows the persona as authenticated, with its verified claims and lp_sdes values. */
async function expectAuthenticated(page: Page, who: Persona): Promise<void> {
  const agent = page.getByRole('region', { name: 'Agent workspace' });
  expect(await shown(agent.locator('.badge'))).toBe('Authenticated');
  const text = await shown(agent);
  const { profile } = who;
  for (const value of [
    who.name,
    who.email,
    who.sub,
    profile.ctype,
    profile.cstatus,
    profile.accountName,
    formatBalance(profile.balance, profile.currency) as string,
    who.phone_number,
    who.given_name,
    who.family_name,
  ]) {
    expect(text).toContain(value);
  }
  expect(text).toMatch(/Age\s+\d+ \(born \d{4}-\d{2}-\d{2}\)/);
}

/** The timeline as shown (headings of token parts are upper-cased by CSS, so compare without case). */
async function timelineText(page: Page): Promise<string> {
  return shown(page.getByRole('region', { name: 'Timeline' }));
}

function expectShown(text: string, parts: string[]): void {
  for (const part of parts) expect(text.toLowerCase()).toContain(part.toLowerCase());
}

function expectClean(): void {
  expect(watch.errors).toEqual([]);
  expect(watch.offOrigin).toEqual([]);
}

describe('the demo in headless Chromium', () => {
  it(
    'embedded window + Code Flow: lpGetAuthenticationToken returns a code, the platform redeems and verifies it',
    async () => {
      const page = await openDemo();
      await choose(page, { persona: 'persona-1', window: 'Embedded', flow: 'Code Flow', encrypt: false });
      expect(await chat(page, false)).toBe('authenticated');
      await expectAuthenticated(page, persona('persona-1'));
      const timeline = await timelineText(page);
      expectShown(timeline, [
        'JS method call',
        'Code exchange',
        'Decryption',
        'Verification',
        'JWS header',
        'Claims',
      ]);
      expect(timeline).toContain('callback({ ssoKey: "4/0A');
      await page.screenshot({ path: artifactPath('demo-embedded-code.png'), fullPage: true });
      expectClean();
    },
    TIMEOUT,
  );

  it(
    'embedded window + Implicit Flow, encrypted, driven by the keyboard alone: a JWE the platform decrypts',
    async () => {
      const page = await openDemo();
      await page.getByLabel('Log in as').selectOption('persona-2');
      await page.getByLabel('Log in as').focus();
      await page.keyboard.press('Tab'); // Chat window: Embedded (checked)
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('window-embedded');
      await page.keyboard.press('Tab'); // Flow: Code Flow (checked)
      await page.keyboard.press('ArrowRight'); // Flow: Implicit Flow
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('flow-implicit');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Space'); // Encrypt the token
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('chat-button');
      await page.keyboard.press('Enter');
      const done = page.locator('#agent-body[data-state="authenticated"], #agent-body[data-state="refused"]');
      await done.waitFor({ timeout: 30_000 });
      expect(await done.getAttribute('data-state')).toBe('authenticated');
      await expectAuthenticated(page, persona('persona-2'));
      const timeline = await timelineText(page);
      expect(timeline).toContain('JS method call');
      expect(timeline).toContain('JWE (5 segments');
      expect(timeline).not.toContain('Code exchange');
      expectShown(timeline, ['JWE header', '"RSA-OAEP-256"', 'Inner JWS header']);
      expect(timeline).toContain('"RS256"');
      await page.screenshot({ path: artifactPath('demo-embedded-implicit.png'), fullPage: true });
      expectClean();
    },
    TIMEOUT,
  );

  it(
    'popup window + Code Flow, encrypted: a real window to the authorization endpoint and back to /demo/callback',
    async () => {
      const page = await openDemo();
      await choose(page, { persona: 'persona-3', window: 'Popup', flow: 'Code Flow', encrypt: true });
      expect(await chat(page, true)).toBe('authenticated');
      await expectAuthenticated(page, persona('persona-3'));
      const timeline = await timelineText(page);
      expectShown(timeline, [
        'Authorization',
        'login_hint',
        'Code exchange',
        'JWE header',
        'Inner JWS header',
        'Verification',
      ]);
      expect(timeline).toContain('(as sent)');
      await page.screenshot({ path: artifactPath('demo-popup-code.png'), fullPage: true });
      expectClean();
    },
    TIMEOUT,
  );

  it(
    'popup window + Implicit Flow: the ID token comes back in the fragment, nonce checked',
    async () => {
      const page = await openDemo();
      await choose(page, { persona: 'persona-4', window: 'Popup', flow: 'Implicit Flow', encrypt: false });
      expect(await chat(page, true)).toBe('authenticated');
      await expectAuthenticated(page, persona('persona-4'));
      const timeline = await timelineText(page);
      expect(timeline).toContain('Authorization');
      expect(timeline).toContain('id_token');
      expect(timeline).not.toContain('Code exchange');
      expect(timeline).toMatch(/nonce\s+PASS/);
      await page.screenshot({ path: artifactPath('demo-popup-implicit.png'), fullPage: true });
      expectClean();
    },
    TIMEOUT,
  );

  it(
    'a fault persona (fault-expired): "Not authenticated", and the reason says the token expired',
    async () => {
      const page = await openDemo();
      const option = page.locator('#persona option[value="fault-expired"]');
      expect(await shown(option)).toBe('Expired token (fault-expired)');
      await choose(page, { persona: 'fault-expired', window: 'Embedded', flow: 'Code Flow', encrypt: false });
      expect(await chat(page, false)).toBe('refused');
      const agent = page.getByRole('region', { name: 'Agent workspace' });
      expect(await shown(agent.locator('.badge'))).toBe('Not authenticated');
      const text = await shown(agent);
      expect(text).toMatch(/expired/i);
      expect(text).not.toContain(persona('fault-expired').email);
      expect(await timelineText(page)).toMatch(/exp\s+FAIL/);
      await page.screenshot({ path: artifactPath('demo-fault-expired.png'), fullPage: true });
      expectClean();
    },
    TIMEOUT,
  );

  it('lists the scenario personas, fault personas last', async () => {
    const page = await openDemo();
    const values = await page
      .locator('#persona option')
      .evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
    const faulty = idp.personas.filter((p) => p.faults.length > 0).map((p) => p.id);
    expect(values.slice(0, 10)).toEqual(idp.personas.filter((p) => p.faults.length === 0).map((p) => p.id));
    expect(values.slice(10)).toEqual(faulty);
    expectClean();
  });
});
