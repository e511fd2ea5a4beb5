/**
 * Debug page script, part 2 of 4: the requests table (`renderRequests`, newest first, rebuilt only when the
 * list changed) with each request's parameters, and `countText` for the section counts.
 *
 * Kept as a raw string: no backticks and no dollar-brace inside it.
 */
export const REQUESTS_SCRIPT = String.raw`
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
`;
