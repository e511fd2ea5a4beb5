/**
 * Demo page script, part 5 of 6: the platform, server side. `verifyOnServer` posts the handover to
 * /demo/platform/verify; `platformSteps` turns its answer into the code exchange, decryption and verification
 * steps of the timeline, with the checks table.
 *
 * Kept as a raw string: no backticks and no dollar-brace inside it.
 */
export const PLATFORM_VERIFY_SCRIPT = String.raw`
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
`;
