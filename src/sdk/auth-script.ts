import type { Persona } from '../personas/persona.js';
import type { PersonaRegistry } from '../personas/registry.js';

/** Where the server's values go into the script (as a JSON string literal); replaced by `renderAuthScript`. */
const CONFIG_PLACEHOLDER = "'__MOCK_IDP_CONFIG__'";

/**
 * The brand-page script, plain ES2017 browser JavaScript (no build step, no external URL). A page includes it as
 *
 *     <script src="http://IDP/sdk/auth.js" data-flow="code|implicit" data-client="mock-client"
 *             data-persona="persona-1" data-method="lpGetAuthenticationToken" data-encrypt="true|false"
 *             data-redirect-uri="https://liveperson.net"></script>
 *
 * and gets the platform's embedded-window JS method (default `lpGetAuthenticationToken`) plus an lpTag identity
 * function. Every data-* attribute except data-method is read again at each call, so a page can change the persona
 * (or the flow) by setting the attribute, or with `mockIdp.setPersona(id)`, which sets it.
 *
 * Kept as a raw string: no backticks and no dollar-brace inside it.
 */
const TEMPLATE = String.raw`/* mock-idp brand-page script: the chat platform's embedded-window JS method and an lpTag identity function. */
(function () {
  'use strict';

  // { issuer, subs: { <persona id | email | sub>: sub } }, rendered by the IdP
  var CONFIG = JSON.parse('__MOCK_IDP_CONFIG__');
  var DEFAULT_METHOD = 'lpGetAuthenticationToken';
  var DEFAULT_CLIENT = 'mock-client';
  var TIMEOUT_MS = 15000;
  var hasOwn = Object.prototype.hasOwnProperty;

  function findOwnScript() {
    if (document.currentScript) return document.currentScript;
    if (typeof document.querySelectorAll !== 'function') return null;
    var scripts = document.querySelectorAll('script[src]');
    for (var i = scripts.length - 1; i >= 0; i -= 1) {
      if (/\/sdk\/auth\.js(?:[?#]|$)/.test(scripts[i].src)) return scripts[i];
    }
    return null;
  }

  var script = findOwnScript();
  if (!script) {
    console.error('mock-idp auth.js: cannot find its own <script> element; include it as a classic <script src=".../sdk/auth.js">');
    return;
  }

  /** The IdP's base URL: the directory above /sdk/auth.js in this script's own src (keeps any path prefix). */
  var baseUrl = new URL('../', script.src).href;

  function endpoint(path) {
    return new URL(path, baseUrl).href;
  }

  /** A data-* attribute of this script element, read now; undefined when missing or empty. */
  function attr(name) {
    var value = script.getAttribute('data-' + name);
    if (value === null || value === undefined) return undefined;
    value = String(value).trim();
    return value === '' ? undefined : value;
  }

  function fail(message) {
    throw new Error('mock-idp: ' + message);
  }

  function currentPersona() {
    return attr('persona');
  }

  /** The persona's sub from the map the server rendered: by id, by email (any case) or by sub. */
  function subOf(handle) {
    if (!handle) return undefined;
    if (hasOwn.call(CONFIG.subs, handle)) return CONFIG.subs[handle];
    var lower = handle.toLowerCase();
    return hasOwn.call(CONFIG.subs, lower) ? CONFIG.subs[lower] : undefined;
  }

  function encryptOption() {
    var value = attr('encrypt');
    if (value === undefined) return undefined;
    value = value.toLowerCase();
    if (value === 'true') return true;
    if (value === 'false') return false;
    return fail('data-encrypt must be "true" or "false", found "' + value + '"');
  }

  function requireString(json, field, path) {
    var value = json[field];
    if (typeof value !== 'string' || value === '') fail('the answer of ' + path + ' has no "' + field + '"');
    return value;
  }

  /** What to ask the IdP for, and how to turn its answer into what the platform's callback takes. */
  function tokenRequest(codeChallenge) {
    var persona = currentPersona();
    if (!persona) fail('no persona chosen: set data-persona on the script element or call mockIdp.setPersona(id)');
    var clientId = attr('client') || DEFAULT_CLIENT;
    var flow = (attr('flow') || 'code').toLowerCase();
    if (flow === 'code') {
      var redirectUri = attr('redirect-uri');
      var codeBody = { persona: persona, client_id: clientId };
      if (redirectUri) codeBody.redirect_uri = redirectUri;
      if (typeof codeChallenge === 'string' && codeChallenge !== '') {
        codeBody.code_challenge = codeChallenge;
        codeBody.code_challenge_method = 'S256';
      }
      return {
        path: 'api/code',
        body: codeBody,
        answer: function (json) {
          var code = requireString(json, 'code', '/api/code');
          return redirectUri ? { ssoKey: code, redirect_uri: redirectUri } : code;
        },
      };
    }
    if (flow === 'implicit') {
      var jwtBody = { persona: persona, client_id: clientId };
      var encrypt = encryptOption();
      if (encrypt !== undefined) jwtBody.encrypt = encrypt;
      return {
        path: 'api/jwt',
        body: jwtBody,
        answer: function (json) {
          return requireString(json, 'id_token', '/api/jwt');
        },
      };
    }
    return fail('data-flow must be "code" or "implicit", found "' + flow + '"');
  }

  /** POSTs JSON to the IdP; resolves with its JSON answer, rejects with its error_description (or error). */
  function post(path, body) {
    var url = endpoint(path);
    return fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      credentials: 'omit',
    }).then(
      function (response) {
        return response.text().then(function (text) {
          var json = null;
          try {
            json = JSON.parse(text);
          } catch (notJson) {
            json = null;
          }
          if (!response.ok) {
            var reason = json && typeof json === 'object' ? json.error_description || json.error : undefined;
            throw new Error(reason ? String(reason) : 'HTTP ' + response.status + ' from ' + url);
          }
          if (!json || typeof json !== 'object') fail('the answer of ' + url + ' is not JSON');
          return json;
        });
      },
      function (networkError) {
        throw new Error('mock-idp: network error calling ' + url + ': ' + reasonOf(networkError));
      },
    );
  }

  function reasonOf(problem) {
    if (problem && typeof problem.message === 'string' && problem.message !== '') return problem.message;
    return String(problem);
  }

  /**
   * The platform's JS method: fn(callback[, code_challenge]). Calls back exactly once: callback(code),
   * callback({ ssoKey: code, redirect_uri }) when data-redirect-uri is set, callback(jwt) for the Implicit Flow,
   * or callback("", reason) on any failure.
   */
  function getAuthenticationToken(callback, codeChallenge) {
    if (typeof callback !== 'function') {
      throw new TypeError('mock-idp: ' + methodName + '(callback) needs a callback function');
    }
    var settled = false;
    var timer;
    function settle(token, error) {
      if (settled) return;
      settled = true;
      if (timer !== undefined) clearTimeout(timer);
      try {
        if (error === undefined) callback(token);
        else callback('', error);
      } catch (thrown) {
        // the page's own callback failed: report it, without calling it a second time
        console.error('mock-idp: the ' + methodName + ' callback threw', thrown);
      }
    }
    if (typeof setTimeout === 'function') {
      timer = setTimeout(function () {
        timer = undefined;
        settle('', 'mock-idp: no answer from ' + baseUrl + ' within ' + TIMEOUT_MS / 1000 + ' s');
      }, TIMEOUT_MS);
    }
    Promise.resolve()
      .then(function () {
        var request = tokenRequest(codeChallenge);
        return post(request.path, request.body).then(request.answer);
      })
      .then(
        function (token) {
          settle(token);
        },
        function (problem) {
          settle('', reasonOf(problem));
        },
      );
  }

  /** lpTag identity function: cb({ iss, acr: "loa1", sub }) for the persona chosen now. */
  function identity(callback) {
    var persona = currentPersona();
    var sub = subOf(persona);
    if (!sub) {
      console.warn('mock-idp: no sub known for persona "' + persona + '"; the identity function gives no identity');
      return;
    }
    callback({ iss: CONFIG.issuer, acr: 'loa1', sub: sub });
  }

  /** Sets window[a][b]...[name] for a dotted name, creating missing objects and keeping existing ones. */
  function define(path, value) {
    var parts = path.split('.');
    var target = window;
    for (var i = 0; i < parts.length - 1; i += 1) {
      if (target[parts[i]] === undefined || target[parts[i]] === null) target[parts[i]] = {};
      target = target[parts[i]];
    }
    target[parts[parts.length - 1]] = value;
  }

  var methodName = attr('method') || DEFAULT_METHOD;
  define(methodName, getAuthenticationToken);

  var lpTag = window.lpTag || (window.lpTag = {});
  if (lpTag.identities === undefined || lpTag.identities === null) lpTag.identities = [];
  if (typeof lpTag.identities.push === 'function') lpTag.identities.push(identity);
  else console.error('mock-idp: lpTag.identities is not an array; the identity function was not added');

  window.mockIdp = {
    issuer: CONFIG.issuer,
    baseUrl: baseUrl,
    methodName: methodName,
    getPersona: currentPersona,
    setPersona: function (id) {
      script.setAttribute('data-persona', String(id));
    },
    identity: identity,
  };
})();
`;

/**
 * JSON safe inside a script: `<` `>` `&` (so no `</script` or `<!--`) and U+2028/U+2029 become \u escapes, which
 * JSON.parse and JavaScript read back as the same characters.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** What the script needs to answer the identity function: each persona's sub by id, email (lower case) and sub. */
export function subsByHandle(personas: Iterable<Persona>): Record<string, string> {
  const subs: Record<string, string> = {};
  for (const persona of personas) {
    subs[persona.sub] = persona.sub;
    subs[persona.email.toLowerCase()] = persona.sub;
    subs[persona.id] = persona.sub;
  }
  return subs;
}

/**
 * The script text for one IdP: its issuer and its personas' subs, rendered in as a script-safe JSON string literal
 * the script parses (so no key, not even `__proto__`, is read as JavaScript).
 */
export function renderAuthScript(issuer: string, personas: Pick<PersonaRegistry, 'list'>): string {
  const config = scriptSafeJson(JSON.stringify({ issuer, subs: subsByHandle(personas.list()) }));
  return TEMPLATE.replace(`JSON.parse(${CONFIG_PLACEHOLDER})`, () => `JSON.parse(${config})`);
}
