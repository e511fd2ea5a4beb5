/**
 * Demo page script, part 4 of 6: the two chat windows, each a promise of what the browser hands the platform.
 * `embedded` calls the brand page's `lpGetAuthenticationToken`; `popup` opens a window at the authorization
 * endpoint and waits for /demo/callback to post the answer back. Both record a timeline step.
 *
 * Kept as a raw string: no backticks and no dollar-brace inside it.
 */
export const CHAT_WINDOWS_SCRIPT = String.raw`
  // ---- the two chat windows ----

  function clientFor(run) {
    return run.encrypt ? CONFIG.encryptedClientId : CONFIG.clientId;
  }

  function setSdk(name, value) {
    if (value === undefined) sdkScript.removeAttribute('data-' + name);
    else sdkScript.setAttribute('data-' + name, value);
  }

  /** Embedded window: the platform calls the brand page's JS method, which answers with a code or an ID token. */
  function embedded(run) {
    return new Promise(function (resolve, reject) {
      var clientId = clientFor(run);
      setSdk('persona', run.persona);
      setSdk('client', clientId);
      setSdk('flow', run.flow);
      setSdk('redirect-uri', run.flow === 'code' ? CONFIG.callbackUrl : undefined);
      setSdk('encrypt', run.flow === 'implicit' ? String(run.encrypt) : undefined);
      var step = addStep(
        run,
        'JS method call',
        'The chat platform calls window.lpGetAuthenticationToken(callback) on the brand page. The brand\u2019s script ' +
          '(/sdk/auth.js) asks the brand\u2019s backend for ' +
          (run.flow === 'code' ? 'an authorization code' : 'an ID token') +
          ' for the logged-in consumer and passes it to the callback.',
      );
      step.add(
        kvTable([
          ['persona', run.persona],
          ['client_id', clientId],
          ['data-flow', run.flow],
          ['data-redirect-uri', run.flow === 'code' ? CONFIG.callbackUrl : ''],
          ['data-encrypt', run.flow === 'implicit' ? String(run.encrypt) : ''],
        ]),
      );
      if (typeof window.lpGetAuthenticationToken !== 'function') {
        step.finish('fail');
        reject(refusal('The brand page has no lpGetAuthenticationToken method', 'the brand script /sdk/auth.js did not load'));
        return;
      }
      window.lpGetAuthenticationToken(function (token, error) {
        if ((error !== undefined && error !== null) || !token) {
          step.add(kvTable([['callback', 'callback("", ' + JSON.stringify(String(error)) + ')']]));
          step.finish('fail');
          reject(refusal('The brand page could not hand over a token', String(error)));
          return;
        }
        var value = typeof token === 'string' ? token : token.ssoKey;
        var redirectUri = typeof token === 'object' ? token.redirect_uri : undefined;
        var shown =
          typeof token === 'string'
            ? 'callback("' + shorten(token, 48) + '")'
            : 'callback({ ssoKey: "' + shorten(value, 36) + '", redirect_uri: "' + redirectUri + '" })';
        step.add(
          kvTable([
            ['callback', shown],
            ['handed over', run.flow === 'code' ? 'an authorization code' : tokenShape(value)],
          ]),
        );
        step.finish('pass');
        resolve(run.flow === 'code' ? { code: value, redirect_uri: redirectUri } : { jwt: value });
      });
    });
  }

  /** Popup window: a real window to the authorization endpoint, back to /demo/callback, which posts the result here. */
  function popup(run) {
    return new Promise(function (resolve, reject) {
      var state = randomValue();
      var nonce = randomValue();
      var query = [
        ['client_id', clientFor(run)],
        ['redirect_uri', CONFIG.callbackUrl],
        ['response_type', run.flow === 'code' ? 'code' : 'id_token'],
        ['scope', 'openid email profile'],
        ['login_hint', run.persona],
        ['nonce', nonce],
        ['state', state],
      ];
      var url = CONFIG.authorizationUrl + '?' + new URLSearchParams(query).toString();
      var step = addStep(
        run,
        'Authorization',
        'The chat platform opens a window at the identity provider\u2019s authorization endpoint (' +
          CONFIG.authorizationUrl +
          '). login_hint logs the persona in without a page; the IdP sends the window back to ' +
          CONFIG.callbackUrl +
          ' with ' +
          (run.flow === 'code' ? 'a code in the query.' : 'the ID token in the fragment.'),
      );
      step.add(kvTable(query));
      var win = window.open(url, 'mock-idp-demo-login', 'popup,width=520,height=640');
      if (!win) {
        step.finish('fail');
        reject(refusal('The browser blocked the login window', 'allow popup windows for this page and try again'));
        return;
      }
      var settled = false;
      var poll = setInterval(function () {
        if (win.closed && !settled) {
          setTimeout(function () {
            fail('The login window was closed before the identity provider answered', 'no answer at ' + CONFIG.callbackUrl);
          }, 750);
        }
      }, 400);
      var timer = setTimeout(function () {
        fail('The identity provider did not answer in time', 'no answer within ' + POPUP_TIMEOUT_MS / 1000 + ' s');
      }, POPUP_TIMEOUT_MS);
      function stop() {
        settled = true;
        clearInterval(poll);
        clearTimeout(timer);
        window.removeEventListener('message', onMessage);
      }
      function fail(reason, detail) {
        if (settled) return;
        stop();
        step.finish('fail');
        reject(refusal(reason, detail));
      }
      function onMessage(event) {
        if (event.origin !== location.origin || event.source !== win) return;
        var data = event.data;
        if (!data || data.type !== MESSAGE_TYPE || typeof data.params !== 'object' || settled) return;
        var answer = data.params;
        var rows = Object.keys(answer).map(function (key) {
          return [key, key === 'state' ? answer[key] + (answer[key] === state ? ' (as sent)' : ' (NOT the one sent)') : shorten(answer[key], 72)];
        });
        step.add(el('p', { class: 'step-text', text: 'The IdP redirected the window to /demo/callback, which handed this back and closed:' }));
        step.add(kvTable(rows));
        if (answer.error) {
          fail('The identity provider refused the login (' + answer.error + ')', answer.error_description || answer.error);
          return;
        }
        if (answer.state !== state) {
          fail('The answer does not belong to this login (state mismatch)', 'state ' + answer.state + ', sent ' + state);
          return;
        }
        var value = run.flow === 'code' ? answer.code : answer.id_token;
        if (!value) {
          fail('The identity provider answered without ' + (run.flow === 'code' ? 'a code' : 'an ID token'), Object.keys(answer).join(', '));
          return;
        }
        stop();
        step.finish('pass');
        resolve(
          run.flow === 'code'
            ? { code: value, redirect_uri: CONFIG.callbackUrl, nonce: nonce }
            : { jwt: value, nonce: nonce },
        );
      }
      window.addEventListener('message', onMessage);
    });
  }
`;
