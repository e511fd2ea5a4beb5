/**
 * Demo page script, part 2 of 6: the timeline. `addStep` appends a numbered step and returns a handle to add
 * content and finish it with a status; `kvTable` and `jsonPart` are the building blocks of a step's content.
 *
 * Kept as a raw string: no backticks and no dollar-brace inside it.
 */
// biome-ignore lint/complexity/noUselessStringRaw: raw like every other part, so escapes reach the browser as written
export const TIMELINE_SCRIPT = String.raw`
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
`;
