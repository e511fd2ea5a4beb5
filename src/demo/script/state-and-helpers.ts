/**
 * Demo page script, part 1 of 6: the page config (from #demo-config), the page elements the script uses, the
 * chat in progress (`current`), and the DOM and text helpers every later part uses (`byId`, `el`, `chosen`,
 * `shorten`, `tokenShape`, `refusal`, `setStatus`, ...).
 *
 * Kept as a raw string: no backticks and no dollar-brace inside it.
 */
export const STATE_AND_HELPERS_SCRIPT = String.raw`
  var CONFIG = JSON.parse(document.getElementById('demo-config').textContent);
  var MESSAGE_TYPE = 'mock-idp-demo-callback';
  var POPUP_TIMEOUT_MS = 120000;
  var hasOwn = Object.prototype.hasOwnProperty;

  var form = byId('chat-form');
  var button = byId('chat-button');
  var runStatus = byId('run-status');
  var agentBody = byId('agent-body');
  var steps = byId('timeline-steps');
  var sdkScript = byId('brand-sdk');
  var current = null;

  function byId(id) {
    return document.getElementById(id);
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
      if (child !== undefined && child !== null && child !== false) node.append(child);
    });
    return node;
  }

  function chosen(name) {
    var input = form.querySelector('input[name="' + name + '"]:checked');
    return input ? input.value : '';
  }

  function randomValue() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map
      .call(bytes, function (b) {
        return ('0' + b.toString(16)).slice(-2);
      })
      .join('');
  }

  function shorten(text, max) {
    text = String(text);
    return text.length > max ? text.slice(0, max - 12) + '\u2026' + text.slice(-10) : text;
  }

  function pretty(value) {
    return JSON.stringify(value, null, 2);
  }

  /** What a token handed over looks like, without its content: "JWE (5 segments, 1234 characters)". */
  function tokenShape(token) {
    var segments = String(token).split('.').length;
    var kind = segments === 5 ? 'JWE' : segments === 3 ? 'JWS' : 'not a JWT';
    return kind + ' (' + segments + ' segments, ' + String(token).length + ' characters)';
  }

  function refusal(reason, detail) {
    return { refusal: true, reason: reason, detail: detail };
  }

  function setStatus(text) {
    runStatus.textContent = text;
  }
`;
