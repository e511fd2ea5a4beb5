/**
 * Debug page script, part 4 of 4: polling `/admin/requests` and `/admin/tokens`, asking for the admin token on
 * 401, the token form, the pause and refresh buttons, and the first poll.
 *
 * Kept as a raw string: no backticks and no dollar-brace inside it.
 */
export const POLLING_SCRIPT = String.raw`
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
`;
