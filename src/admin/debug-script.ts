/**
 * The debug page's script, plain ES2017 browser JavaScript inlined in the page (no build step, no external URL).
 * It polls `GET /admin/requests` and `GET /admin/tokens` and renders them newest first. Every piece of data goes
 * into the page as text (`textContent`, text nodes, `setAttribute`), never as markup. When the logs answer 401, it
 * asks for the admin token once, keeps it in sessionStorage (this tab only) and sends it as a Bearer header.
 *
 * Kept as a raw string: no backticks and no dollar-brace inside it.
 */
export const DEBUG_SCRIPT = String.raw`(function () {
  'use strict';

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

  // ---- requests ------------------------------------------------------------------------------------------------

  function paramsList(params) {
    var keys = params && typeof params === 'object' ? Object.keys(params) : [];
    if (keys.length === 0) return el('span', { class: 'none', text: 'none' });
    return el('ul', { class: 'params' }, keys.map(function (key) {
      var value = params[key];
      var text = typeof value === 'string' ? value : JSON.stringify(value);
      return el('li', null, [
        el('span', { class: 'key', text: key }),
        '=',
        el('span', { class: 'value', title: text.length > 120 ? text : null, text: shorten(text, 120) }),
      ]);
    }));
  }

  function renderRequests(list) {
    var shown = list.slice(-MAX_REQUESTS).reverse();
    byId('requests-count').textContent = countText(list.length, shown.length);
    var signature = JSON.stringify(shown);
    if (signature === lastRequests) return;
    lastRequests = signature;
    var rows = shown.map(function (r) {
      var status = String(r.status);
      return el('tr', null, [
        el('td', null, [timeEl(r.time)]),
        el('td', { text: r.method }),
        el('td', { class: 'path', text: r.path }),
        el('td', { class: 'status s' + status.charAt(0), text: status }),
        el('td', { text: r.client_id || '\u2014' }),
        el('td', { text: r.persona || '\u2014' }),
        el('td', null, [paramsList(r.params)]),
      ]);
    });
    if (rows.length === 0) {
      rows = [el('tr', null, [el('td', { colspan: 7, class: 'empty', text: 'No requests yet: run a flow against the IdP.' })])];
    }
    replaceAll(byId('requests-body'), rows);
  }

  function countText(total, shown) {
    return total > shown ? '(newest ' + shown + ' of ' + total + ')' : '(' + total + ')';
  }

  // ---- tokens --------------------------------------------------------------------------------------------------

  function pair(term, value) {
    return el('div', null, [el('dt', { text: term }), el('dd', null, [value])]);
  }

  function block(title, value, open, className) {
    return el('details', { open: open ? '' : null, class: className }, [
      el('summary', { text: title }),
      el('pre', { text: typeof value === 'string' ? value : json(value) }),
    ]);
  }

  /** iat / nbf / exp in UTC, with how far from now (this browser's clock: the one a relying party uses). */
  function validity(claims) {
    var items = [];
    ['iat', 'nbf', 'exp'].forEach(function (name) {
      var value = claims[name];
      if (typeof value !== 'number') return;
      var bad = name === 'exp' ? value * 1000 < Date.now() : value * 1000 > Date.now() + 60000;
      var when = el('span', { class: 'relative', 'data-epoch': value });
      when.textContent = relative(value);
      items.push(el('li', { class: bad ? 'bad' : null }, [
        el('span', { class: 'key', text: name }),
        ' ' + epochText(value) + ' (',
        when,
        ')' + (bad ? (name === 'exp' ? ': expired' : ': not yet valid') : ''),
      ]));
    });
    return items.length > 0 ? el('ul', { class: 'validity', 'aria-label': 'Token times' }, items) : null;
  }

  function isDate(value) {
    return value && typeof value === 'object' && typeof value.day === 'number' && typeof value.month === 'number' && typeof value.year === 'number';
  }

  function flatten(value, path, rows) {
    if (isDate(value)) {
      var date = value.year + '-' + pad(value.month) + '-' + pad(value.day);
      rows.push([path, typeof value.age === 'number' ? value.age + ' (born ' + date + ')' : date]);
    } else if (Array.isArray(value)) {
      if (value.length === 0) rows.push([path, '(none)']);
      value.forEach(function (item, i) {
        flatten(item, path + '[' + i + ']', rows);
      });
    } else if (value && typeof value === 'object') {
      Object.keys(value).forEach(function (key) {
        flatten(value[key], path ? path + '.' + key : key, rows);
      });
    } else {
      rows.push([path || '(value)', value === null ? 'null' : String(value)]);
    }
  }

  var SDE_NAMES = { ctmrinfo: 'Customer info (ctmrinfo)', personal: 'Personal info (personal)' };

  function sdesBlock(sdes) {
    var parts = [el('summary', { text: 'lp_sdes: ' + sdes.length + ' engagement attribute' + (sdes.length === 1 ? '' : 's') })];
    sdes.forEach(function (sde) {
      var type = sde && typeof sde === 'object' && typeof sde.type === 'string' ? sde.type : '?';
      var content = {};
      if (sde && typeof sde === 'object') {
        Object.keys(sde).forEach(function (key) {
          if (key !== 'type') content[key] = sde[key];
        });
      }
      var keys = Object.keys(content);
      var rows = [];
      flatten(keys.length === 1 ? content[keys[0]] : content, '', rows);
      parts.push(el('h4', { text: hasOwn.call(SDE_NAMES, type) ? SDE_NAMES[type] : type }));
      parts.push(el('table', { class: 'kv' }, [
        el('tbody', null, rows.map(function (row) {
          return el('tr', null, [el('th', { scope: 'row', text: row[0] }), el('td', { text: row[1] })]);
        })),
      ]));
    });
    return el('details', { class: 'sdes' }, parts);
  }

  function tokenItem(t) {
    var id = 'token-' + (tokenSeq += 1);
    var claims = t.claims && typeof t.claims === 'object' ? t.claims : {};
    var faults = Array.isArray(t.faults) && t.faults.length > 0 ? t.faults : null;
    var title = (t.kind === 'id_token' ? 'ID token' : t.kind === 'access_token' ? 'Access token' : String(t.kind)) +
      (t.client_id ? ' for ' + t.client_id : '') + (t.persona ? ', ' + t.persona : '') + (faults ? ' (faults: ' + faults.join(', ') + ')' : '');
    var sdes = Array.isArray(claims.lp_sdes) ? claims.lp_sdes : null;
    var shownClaims = {};
    Object.keys(claims).forEach(function (key) {
      if (!(sdes && key === 'lp_sdes')) shownClaims[key] = claims[key];
    });
    var parts = [
      el('h3', { id: id, text: title }),
      el('dl', { class: 'meta' }, [
        pair('Issued', timeEl(t.time)),
        pair('Kind', t.kind),
        pair('Client', t.client_id || '\u2014'),
        pair('Persona', t.persona || '\u2014'),
        pair('Faults', faults ? faults.join(', ') : 'none'),
        pair('Encrypted', t.encryption ? 'yes: JWE (' + (t.encryption.alg || '?') + ', ' + (t.encryption.enc || '?') + ')' : 'no'),
      ]),
      validity(claims),
    ];
    var headers = [];
    if (t.header) headers.push(block('JWS header', t.header, true));
    if (t.encryption) headers.push(block('JWE header', t.encryption, true));
    if (headers.length > 0) parts.push(el('div', { class: 'headers' }, headers));
    parts.push(block(sdes ? 'Claims (lp_sdes below)' : 'Claims', shownClaims, true));
    if (sdes) parts.push(sdesBlock(sdes));
    parts.push(block(t.kind === 'id_token' ? 'Raw token, as sent' : 'Token id', String(t.token), false, 'raw'));
    return el('li', null, [el('article', { 'aria-labelledby': id, class: faults ? 'token faulty' : 'token' }, parts)]);
  }

  function renderTokens(list) {
    var shown = list.slice(-MAX_TOKENS).reverse();
    byId('tokens-count').textContent = countText(list.length, shown.length);
    var keys = shown.map(function (t) {
      return t.time + ' ' + t.kind + ' ' + t.token;
    });
    var signature = keys.join('\n');
    if (signature === lastTokens) return;
    lastTokens = signature;
    // Items already shown are kept (with their open or closed sections); new ones are built.
    var next = new Map();
    var items = shown.map(function (t, i) {
      var node = tokenNodes.get(keys[i]) || next.get(keys[i]) || tokenItem(t);
      next.set(keys[i], node);
      return node;
    });
    tokenNodes = next;
    if (items.length === 0) items = [el('li', { class: 'empty', text: 'No tokens issued yet.' })];
    replaceAll(byId('tokens'), items);
  }

  function refreshRelativeTimes() {
    document.querySelectorAll('[data-epoch]').forEach(function (node) {
      node.textContent = relative(Number(node.getAttribute('data-epoch')));
    });
  }

  // ---- polling and the admin token ------------------------------------------------------------------------------

  function getJson(path) {
    var token = readToken();
    var headers = { Accept: 'application/json' };
    if (token) headers.Authorization = 'Bearer ' + token;
    return fetch(base + path, { headers: headers, cache: 'no-store' }).then(function (response) {
      if (response.status === 401) {
        var error = new Error('the admin token is needed');
        error.unauthorized = true;
        error.hadToken = Boolean(token);
        throw error;
      }
      if (!response.ok) throw new Error(path + ' answered HTTP ' + response.status);
      return response.json();
    });
  }

  function schedule() {
    if (timer === null && !paused && !needToken && !inFlight) timer = setTimeout(poll, POLL_MS);
  }

  function poll() {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (needToken || inFlight) return;
    inFlight = true;
    Promise.all([getJson('/admin/requests'), getJson('/admin/tokens')])
      .then(function (answers) {
        renderRequests(answers[0]);
        renderTokens(answers[1]);
        refreshRelativeTimes();
        byId('updated').textContent = 'Updated ' + clockTime(new Date());
        setStatus(paused ? 'Updates paused.' : '');
      })
      .catch(function (error) {
        if (error && error.unauthorized) askForToken(error.hadToken);
        else setStatus('Cannot load the logs (' + (error && error.message ? error.message : String(error)) + '); retrying.');
      })
      .then(function () {
        inFlight = false;
        schedule();
      });
  }

  function askForToken(refused) {
    needToken = true;
    if (refused) storeToken(null);
    byId('token-form').hidden = false;
    byId('token-error').textContent = refused ? 'That admin token was refused: enter the one the IdP was started with.' : '';
    setStatus('This IdP has an admin token: enter it to see the logs.');
    byId('admin-token').focus();
  }

  byId('token-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var input = byId('admin-token');
    var value = input.value.trim();
    if (value === '') {
      byId('token-error').textContent = 'Enter the admin token.';
      input.focus();
      return;
    }
    storeToken(value);
    input.value = '';
    byId('token-form').hidden = true;
    needToken = false;
    setStatus('Loading\u2026');
    byId('requests-heading').focus();
    poll();
  });

  byId('pause').addEventListener('click', function () {
    paused = !paused;
    this.setAttribute('aria-pressed', String(paused));
    if (paused) {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      setStatus('Updates paused.');
    } else {
      setStatus('Updates resumed.');
      poll();
    }
  });

  byId('refresh').addEventListener('click', poll);

  poll();
})();
`;
