import { accessSync, constants, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';

/** Debian's Chromium: `npm test` installs it (test/setup/ensure-system-deps.mjs). No browser is downloaded. */
export const CHROMIUM = '/usr/bin/chromium';

/** Headless, and quiet: no background requests, no updates, no sync, no first-run pages. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Belt and braces: no host name but loopback resolves, whatever a page asks for.
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
];

/** Where screenshots go: `test-results/` at the repository root (gitignored; CI keeps it as artifacts). */
export const ARTIFACTS = fileURLToPath(new URL('../../test-results/', import.meta.url));

export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}

export async function launchChromium(): Promise<Browser> {
  try {
    accessSync(CHROMIUM, constants.X_OK);
  } catch {
    throw new Error(
      `${CHROMIUM} is missing: run "node test/setup/ensure-system-deps.mjs" (npm test does), or apt-get install -y chromium`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
}

/** What a browser context did that a test must not see: console errors, page errors, requests off the IdP. */
export interface Watch {
  errors: string[];
  offOrigin: string[];
}

/**
 * A fresh context (no cookies) that can reach `origin` only: any other request is aborted and recorded, as are
 * console errors and uncaught page errors of every page it opens (popup windows too).
 */
export async function isolatedContext(
  browser: Browser,
  origin: string,
): Promise<{ context: BrowserContext; watch: Watch }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const watch: Watch = { errors: [], offOrigin: [] };
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (new URL(url).origin === origin) return route.continue();
    watch.offOrigin.push(url);
    return route.abort('blockedbyclient');
  });
  context.on('request', (request) => {
    const url = request.url();
    if (
      !url.startsWith('data:') &&
      !url.startsWith('about:') &&
      new URL(url).origin !== origin &&
      !watch.offOrigin.includes(url)
    ) {
      watch.offOrigin.push(url);
    }
  });
  context.on('console', (message) => {
    if (message.type() === 'error')
      watch.errors.push(`console: ${message.text()} (${message.location().url})`);
  });
  context.on('weberror', (error) => {
    watch.errors.push(`page error: ${error.error().message}`);
  });
  return { context, watch };
}
