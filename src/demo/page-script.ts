/**
 * The demo page's script, plain ES2017 browser JavaScript inlined in the page (CSP hash; no build step, no external
 * URL). It plays the chat platform's browser side: on "Chat with us" it calls the brand page's
 * `lpGetAuthenticationToken` (embedded window) or opens a window at the authorization endpoint (popup window),
 * hands what it got to the demo platform's server (`POST /demo/platform/verify`), and shows the outcome in the agent
 * workspace and every step in the timeline. Every piece of data goes into the page as text, never as markup.
 *
 * The script is written in parts (./script/*.ts), all inside one function scope, so a part uses what the others
 * define. Each part starts and ends with a newline: joined end to end, one blank line separates them. This is the
 * one place the final text is built; `demoPageCsp` hashes exactly this string.
 */
import { AGENT_PANEL_SCRIPT } from './script/agent-panel.js';
import { CHAT_WINDOWS_SCRIPT } from './script/chat-windows.js';
import { CHAT_WIRING_SCRIPT } from './script/chat-wiring.js';
import { PLATFORM_VERIFY_SCRIPT } from './script/platform-verify.js';
import { STATE_AND_HELPERS_SCRIPT } from './script/state-and-helpers.js';
import { TIMELINE_SCRIPT } from './script/timeline.js';

export const DEMO_SCRIPT = [
  "(function () {\n  'use strict';\n",
  STATE_AND_HELPERS_SCRIPT,
  TIMELINE_SCRIPT,
  AGENT_PANEL_SCRIPT,
  CHAT_WINDOWS_SCRIPT,
  PLATFORM_VERIFY_SCRIPT,
  CHAT_WIRING_SCRIPT,
  '})();\n',
].join('');
