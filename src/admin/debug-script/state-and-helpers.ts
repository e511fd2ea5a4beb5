/**
 * Debug page script, part 1 of 4: settings (poll interval, list sizes, storage key, base path), the polling and
 * rendering state, the admin token in sessionStorage (`readToken`, `storeToken`), and the DOM, time and text
 * helpers the later parts use (`byId`, `el`, `replaceAll`, `setStatus`, `timeEl`, `relative`, ...).
 *
 * Kept as a raw string: no backticks and no dollar-brace inside it.
 */
export const STATE_AND_HELPERS_SCRIPT = String.raw`
  var POLL_MS = 1500;
  var MAX_REQUESTS = 100;
  var MAX_TOKENS = 25;
  var STORAGE_KEY = 'mock-idp-admin-token';
  // The IdP's base path: the page is at <base>/admin (any --issuer path prefix is kept).
  var base = location.pathname.replace(/\/admin\/?$/, '');
  var hasOwn = Object.prototype.hasOwnProperty;

  var paused = false;
  var needToken = false;
  var inFlight = false;
  var timer = null;
  var memoryToken = null;
  var lastRequests = null;
  var lastTokens = null;
  var tokenNodes = new Map();
  var tokenSeq = 0;

  function byId(id) {
    return document.getElementById(id);
  }

  function readToken() {
    try {
      return sessionStorage.getItem(STORAGE_KEY) || memoryToken;
    } catch (e) {
      return memoryToken;
    }
  }

  function storeToken(value) {
    memoryToken = value;
    try {
      if (value === null) sessionStorage.removeItem(STORAGE_KEY);
      else sessionStorage.setItem(STORAGE_KEY, value);
    } catch (e) {
      // storage disabled: the token lives as long as the page
    }
  }

  /** An element; attrs.text becomes its text, other attrs attributes; children are nodes or strings (text). */
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      for (var key in attrs) {
        if (!hasOwn.call(attrs, key) || attrs[key] === undefined || attrs[key] === null) continue;
        if (key === 'text') node.textContent = String(attrs[key]);
        else node.setAttribute(key, String(attrs[key]));
      }
    }
    (children || []).forEach(function (child) {
      if (child !== undefined && child !== null) node.append(child);
    });
    return node;
  }

  function replaceAll(parent, nodes) {
    parent.replaceChildren.apply(parent, nodes);
  }

  function setStatus(text) {
    var status = byId('status');
    if (status.textContent !== text) status.textContent = text;
  }

  function pad(n, width) {
    var s = String(n);
    while (s.length < (width || 2)) s = '0' + s;
    return s;
  }

  function clockTime(date) {
    return pad(date.getHours()) + ':' + pad(date.getMinutes()) + ':' + pad(date.getSeconds()) + '.' + pad(date.getMilliseconds(), 3);
  }

  function timeEl(iso) {
    var date = new Date(iso);
    if (isNaN(date.getTime())) return document.createTextNode(String(iso));
    return el('time', { datetime: iso, title: iso, text: clockTime(date) });
  }

  function epochText(seconds) {
    var date = new Date(seconds * 1000);
    return isNaN(date.getTime()) ? String(seconds) : date.toISOString().replace('.000Z', 'Z');
  }

  function relative(seconds) {
    var diff = Math.round(seconds - Date.now() / 1000);
    var size = Math.abs(diff);
    var amount = size < 120 ? size + ' s' : size < 7200 ? Math.round(size / 60) + ' min' : Math.round(size / 3600) + ' h';
    return diff >= 0 ? 'in ' + amount : amount + ' ago';
  }

  function json(value) {
    return JSON.stringify(value, null, 2);
  }

  function shorten(text, max) {
    return text.length > max ? text.slice(0, max - 1) + '\u2026' : text;
  }
`;
