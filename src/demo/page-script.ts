/**
 * The demo page's script, plain ES2017 browser JavaScript inlined in the page (CSP hash; no build step, no external
 * URL). It plays the chat platform's browser side: on "Chat with us" it calls the brand page's
 * `lpGetAuthenticationToken` (embedded window) or opens a window at the authorization endpoint (popup window),
 * hands what it got to the demo platform's server (`POST /demo/platform/verify`), and shows the outcome in the agent
 * workspace and every step in the timeline. Every piece of data goes into the page as text, never as markup.
 *
 * Kept as a raw string: no backticks and no dollar-brace inside it.
 */
export const DEMO_SCRIPT = String.raw`(function () {
  'use strict';

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

  // ---- timeline ----

  var STATUS_TEXT = { running: 'In progress', pass: 'Done', warn: 'Done, with warnings', fail: 'Failed', skip: 'Skipped' };

  function kvTable(rows) {
    return el(
      'table',
      { class: 'kv' },
      [
        el(
          'tbody',
          null,
          rows
            .filter(function (row) {
              return row[1] !== undefined && row[1] !== null && row[1] !== '';
            })
            .map(function (row) {
              return el('tr', null, [el('th', { scope: 'row', text: row[0] }), el('td', { text: row[1] })]);
            }),
        ),
      ],
    );
  }

  function jsonPart(title, value) {
    return el('div', { class: 'part' }, [el('h4', { text: title }), el('pre', { tabindex: '0', text: pretty(value) })]);
  }

  function addStep(run, title, text) {
    var empty = steps.querySelector('li.empty');
    if (empty) empty.remove();
    var number = steps.querySelectorAll('li.step').length + 1;
    var pill = el('span', { class: 'pill', text: STATUS_TEXT.running });
    var body = el('div', { class: 'step-body' }, [
      el('div', { class: 'step-head' }, [
        el('h3', { text: title }),
        pill,
        el('span', { class: 'step-time', text: '+' + (Date.now() - run.started) + ' ms' }),
      ]),
      el('p', { class: 'step-text', text: text }),
    ]);
    var item = el('li', { class: 'step', 'data-status': 'running' }, [
      el('span', { class: 'marker', 'aria-hidden': 'true', text: number }),
      body,
    ]);
    steps.append(item);
    return {
      add: function (node) {
        body.append(node);
      },
      finish: function (status) {
        item.setAttribute('data-status', status);
        pill.className = 'pill ' + status;
        pill.textContent = STATUS_TEXT[status] || status;
      },
    };
  }

  function clearTimeline() {
    steps.replaceChildren();
  }

  // ---- agent workspace ----

  function agentState(state, nodes) {
    agentBody.setAttribute('data-state', state);
    agentBody.replaceChildren.apply(agentBody, nodes);
  }

  function conversation(run, agentLine) {
    var how =
      (run.flow === 'code' ? 'Code Flow' : 'Implicit Flow') +
      ', ' +
      (run.windowMode === 'popup' ? 'popup window' : 'embedded window') +
      (run.encrypt ? ', encrypted token' : '');
    return el('section', { class: 'conversation', 'aria-label': 'Conversation' }, [
      el('h3', { text: 'Conversation' }),
      el('p', { class: 'system-line', text: 'Chat started: ' + how }),
      el('p', { class: 'bubble', text: 'Hi! I have a question about my account.' }),
      agentLine ? el('p', { class: 'bubble agent-says', text: agentLine }) : null,
    ]);
  }

  function showWaiting() {
    agentState('waiting', [
      el('div', { class: 'agent-empty' }, [
        el('span', { class: 'badge wait', text: 'Authenticating\u2026' }),
        el('p', { text: 'A consumer wants to chat. The chat platform is checking who they are.' }),
      ]),
    ]);
  }

  function facts(rows) {
    var list = el('dl', { class: 'facts' });
    rows.forEach(function (row) {
      list.append(el('dt', { text: row.label }), el('dd', { text: row.value }));
    });
    return list;
  }

  function showAuthenticated(run, view) {
    var first = String(view.name).split(' ')[0];
    var head = el('div', { class: 'consumer-head' }, [
      view.picture ? el('img', { src: view.picture, alt: '', width: '56', height: '56' }) : null,
      el('div', { class: 'who' }, [
        el('p', { class: 'consumer-name', text: view.name }),
        el('p', {
          class: 'consumer-email',
          text: [view.email, view.email ? (view.emailVerified ? 'email verified' : 'email not verified') : '', view.customerId ? 'customer ID ' + view.customerId : '']
            .filter(Boolean)
            .join(' \u00b7 '),
        }),
      ]),
      el('span', { class: 'badge ok', text: 'Authenticated' }),
    ]);
    var info = el(
      'div',
      { class: 'consumer-info' },
      view.sections.map(function (section) {
        return el('section', { 'aria-label': section.title }, [el('h3', { text: section.title }), facts(section.rows)]);
      }),
    );
    var warnings =
      view.warnings.length > 0
        ? el(
            'ul',
            { class: 'warnings', 'aria-label': 'Warnings' },
            view.warnings.map(function (warning) {
              return el('li', { text: warning });
            }),
          )
        : null;
    agentState('authenticated', [
      head,
      el('div', { class: 'agent-cols' }, [
        conversation(run, 'Hi ' + first + ', I can see your account details. How can I help today?'),
        el('div', null, [info, warnings]),
      ]),
    ]);
  }

  function showRefused(run, reason, detail) {
    agentState('refused', [
      el('div', { class: 'consumer-head' }, [
        el('div', { class: 'who' }, [
          el('p', { class: 'consumer-name', text: 'Unverified consumer' }),
          el('p', { class: 'consumer-email', text: 'The agent sees no customer information.' }),
        ]),
        el('span', { class: 'badge bad', text: 'Not authenticated' }),
      ]),
      el('div', { class: 'agent-cols' }, [
        conversation(run, 'Hi! Before we talk about your account, I need to confirm who you are.'),
        el('div', { class: 'refused' }, [
          el('p', { class: 'reason', text: reason }),
          detail ? el('p', { class: 'detail', text: detail }) : null,
        ]),
      ]),
    ]);
  }

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

  // ---- the platform, server side ----

  function checkOf(result, id) {
    for (var i = 0; i < result.checks.length; i += 1) if (result.checks[i].id === id) return result.checks[i];
    return { id: id, status: 'skip', found: 'not run' };
  }

  function checksTable(checks) {
    return el('table', { class: 'checks' }, [
      el('caption', { class: 'sr-only', text: 'The platform\u2019s checks, in order' }),
      el('thead', null, [
        el('tr', null, [el('th', { scope: 'col', text: 'Check' }), el('th', { scope: 'col', text: 'Result' }), el('th', { scope: 'col', text: 'Details' })]),
      ]),
      el(
        'tbody',
        null,
        checks.map(function (check) {
          var details = check.status === 'pass' || check.status === 'skip'
            ? check.found || ''
            : ['found: ' + (check.found || ''), 'expected: ' + (check.expected || ''), check.fix ? 'fix: ' + check.fix : ''].filter(Boolean).join(' \u2014 ');
          return el('tr', { class: 'row-' + check.status }, [
            el('td', { class: 'id', text: check.id }),
            el('td', { class: 'status-' + check.status, text: check.status.toUpperCase() }),
            el('td', { class: 'what', text: details }),
          ]);
        }),
      ),
    ]);
  }

  function platformSteps(run, handover, result) {
    var token = result.token;
    if (run.flow === 'code') {
      var exchange = checkOf(result, 'code_exchange');
      var exchangeStep = addStep(
        run,
        'Code exchange',
        'The chat platform\u2019s server posts the code to the IdP\u2019s token endpoint, authenticated with its client ID and ' +
          'secret (HTTP Basic), and gets the ID token back. The code never gives the browser a token.',
      );
      exchangeStep.add(
        kvTable([
          ['client_id', result.client_id],
          ['redirect_uri', handover.redirect_uri],
          [exchange.status === 'pass' ? 'answer' : 'found', exchange.found],
          ['expected', exchange.status === 'pass' ? '' : exchange.expected],
          ['fix', exchange.fix],
        ]),
      );
      exchangeStep.finish(exchange.status === 'pass' ? 'pass' : 'fail');
    }
    var decrypt = checkOf(result, 'decrypt');
    var encrypted = token && token.format === 'JWE';
    var decryptStep = addStep(
      run,
      'Decryption',
      !token
        ? 'No ID token reached the platform: nothing to decrypt.'
        : encrypted
          ? 'The ID token is a JWE (5 segments): the platform decrypts it with its own private key, which never leaves its ' +
            'server. Inside is the IdP\u2019s signed JWT (a nested JWT, cty "JWT").'
          : 'The ID token is a signed JWT (JWS, 3 segments), not encrypted: nothing to decrypt.',
    );
    if (encrypted && token.jweHeader) decryptStep.add(el('div', { class: 'parts' }, [jsonPart('JWE header', token.jweHeader)]));
    if (decrypt.status === 'fail') decryptStep.add(kvTable([['found', decrypt.found], ['expected', decrypt.expected]]));
    decryptStep.finish(encrypted ? decrypt.status : 'skip');

    var failed = result.checks.filter(function (check) { return check.status === 'fail'; }).length;
    var warned = result.checks.filter(function (check) { return check.status === 'warn'; }).length;
    var passed = result.checks.filter(function (check) { return check.status === 'pass'; }).length;
    var verifyStep = addStep(
      run,
      'Verification',
      'The chat platform checks the token as POST /api/verify does: the signature against the IdP\u2019s published keys, ' +
        'then iss, aud, exp, iat, nonce, sub and the lp_sdes customer information. ' +
        passed + ' passed, ' + warned + ' warning(s), ' + failed + ' failed.',
    );
    var parts = [];
    if (token && token.jwsHeader) parts.push(jsonPart(encrypted ? 'Inner JWS header' : 'JWS header', token.jwsHeader));
    if (token && token.claims) parts.push(jsonPart('Claims', token.claims));
    if (parts.length > 0) verifyStep.add(el('div', { class: 'parts' }, parts));
    if (token && token.problem) verifyStep.add(kvTable([['token', token.problem]]));
    verifyStep.add(checksTable(result.checks));
    if (token) {
      verifyStep.add(
        el('details', null, [el('summary', { text: 'The token as received (' + tokenShape(token.compact) + ')' }), el('pre', { text: token.compact })]),
      );
    }
    verifyStep.finish(result.ok ? (warned > 0 ? 'warn' : 'pass') : 'fail');
  }

  function verifyOnServer(run, handover) {
    var body = { flow: run.flow, encrypt: run.encrypt };
    if (run.flow === 'code') {
      body.code = handover.code;
      if (handover.redirect_uri) body.redirect_uri = handover.redirect_uri;
    } else {
      body.jwt = handover.jwt;
    }
    if (handover.nonce) body.nonce = handover.nonce;
    setStatus('The chat platform is verifying the consumer\u2026');
    return fetch(CONFIG.verifyUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      credentials: 'same-origin',
    })
      .then(
        function (response) {
          return response.json().then(
            function (json) {
              if (!response.ok) {
                throw refusal('The demo platform could not verify', json.error_description || json.error || 'HTTP ' + response.status);
              }
              return json;
            },
            function () {
              throw refusal('The demo platform could not verify', 'HTTP ' + response.status + ', not JSON');
            },
          );
        },
        function (error) {
          throw refusal('The demo platform cannot be reached', String(error));
        },
      )
      .then(function (result) {
        platformSteps(run, handover, result);
        return result;
      });
  }

  // ---- one chat ----

  function start() {
    if (current) return;
    var run = {
      persona: byId('persona').value,
      windowMode: chosen('window'),
      flow: chosen('flow'),
      encrypt: byId('encrypt').checked,
      started: Date.now(),
    };
    current = run;
    button.setAttribute('aria-disabled', 'true');
    clearTimeline();
    showWaiting();
    setStatus('Starting the chat\u2026');
    var handed = run.windowMode === 'popup' ? popup(run) : embedded(run);
    handed
      .then(function (handover) {
        return verifyOnServer(run, handover);
      })
      .then(
        function (result) {
          if (result.agent.authenticated) {
            showAuthenticated(run, result.agent);
            setStatus('Chat started: the agent sees ' + result.agent.name + ' as authenticated.');
          } else {
            showRefused(run, result.agent.reason, result.agent.detail);
            setStatus('Chat started, not authenticated: ' + result.agent.reason);
          }
        },
        function (problem) {
          var reason = problem && problem.refusal ? problem.reason : 'Something went wrong in the demo page';
          var detail = problem && problem.refusal ? problem.detail : String(problem);
          showRefused(run, reason + '.', detail);
          setStatus('Chat started, not authenticated: ' + reason + '.');
        },
      )
      .then(function () {
        current = null;
        button.removeAttribute('aria-disabled');
      });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    start();
  });

  function explainPopup() {
    var popupChosen = chosen('window') === 'popup';
    var notice = byId('popup-notice');
    var text = '';
    if (popupChosen && new URL(CONFIG.callbackUrl).origin !== location.origin) {
      text = 'The popup window comes back to ' + CONFIG.callbackUrl + ', another origin than this page: open the demo at ' +
        new URL(CONFIG.callbackUrl).origin + CONFIG.pagePath + ' for the popup flows.';
    } else if (popupChosen && chosen('flow') === 'implicit' && !CONFIG.implicitPopup) {
      text = 'The popup Implicit Flow needs an https or loopback URL: this IdP runs on plain http elsewhere.';
    }
    notice.textContent = text;
    notice.hidden = text === '';
  }
  form.addEventListener('change', explainPopup);
  explainPopup();
})();
`;
