/**
 * The debug page's script, plain ES2017 browser JavaScript inlined in the page (no build step, no external URL).
 * It polls `GET /admin/requests` and `GET /admin/tokens` and renders them newest first. Every piece of data goes
 * into the page as text (`textContent`, text nodes, `setAttribute`), never as markup. When the logs answer 401, it
 * asks for the admin token once, keeps it in sessionStorage (this tab only) and sends it as a Bearer header.
 *
 * The script is written in parts (./debug-script/*.ts), all inside one function scope, so a part uses what the
 * others define. Each part starts and ends with a newline: joined end to end, one blank line separates them. This
 * is the one place the final text is built; `debugPageCsp` hashes exactly this string.
 */
import { POLLING_SCRIPT } from './debug-script/polling.js';
import { REQUESTS_SCRIPT } from './debug-script/requests.js';
import { STATE_AND_HELPERS_SCRIPT } from './debug-script/state-and-helpers.js';
import { TOKENS_SCRIPT } from './debug-script/tokens.js';

export const DEBUG_SCRIPT = [
  "(function () {\n  'use strict';\n",
  STATE_AND_HELPERS_SCRIPT,
  REQUESTS_SCRIPT,
  TOKENS_SCRIPT,
  POLLING_SCRIPT,
  '})();\n',
].join('');
