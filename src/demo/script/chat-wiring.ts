/**
 * Demo page script, part 6 of 6: one chat, start to end (`start`: window, verification, agent workspace), and
 * the form wiring: submit starts a chat, a change explains when the popup window cannot work from here.
 *
 * Kept as a raw string: no backticks and no dollar-brace inside it.
 */
export const CHAT_WIRING_SCRIPT = String.raw`
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
`;
