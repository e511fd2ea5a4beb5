/**
 * Debug page script, part 3 of 4: the issued tokens (`renderTokens`): one article per token with its metadata,
 * times, headers, claims, lp_sdes as tables and the raw token; items already shown are kept as they are.
 *
 * Kept as a raw string: no backticks and no dollar-brace inside it.
 */
export const TOKENS_SCRIPT = String.raw`
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
`;
