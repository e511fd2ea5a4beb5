/**
 * Demo page script, part 3 of 6: the agent workspace. What the agent sees while the consumer is being checked
 * (`showWaiting`), once verified (`showAuthenticated`: profile, customer information, warnings) or refused
 * (`showRefused`), next to the conversation.
 *
 * Kept as a raw string: no backticks and no dollar-brace inside it.
 */
export const AGENT_PANEL_SCRIPT = String.raw`
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
`;
