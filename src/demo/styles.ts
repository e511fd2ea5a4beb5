/**
 * The demo page's styles, in a `<style>` in the body (as the debug page does): `page()` lays out a narrow card for
 * the login page, the demo needs the width of a brand site beside an agent workspace.
 */
export const DEMO_STYLES = `
  :root { --brand: #0b6e69; --brand-dark: #07524e; --ink: #1f2933; --muted: #52606d; --line: #d9e2ec;
          --ok: #137333; --ok-bg: #e6f4ea; --bad: #b3261e; --bad-bg: #fce8e6; --warn: #8a5a00; --warn-bg: #fef7e0;
          --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; }
  body { background: #eef2f5; color: var(--ink); }
  main { max-width: 84rem; margin: 0 auto; padding: 0 1.5rem 3rem; background: none; border: 0; border-radius: 0; }
  h1, h2, h3 { color: var(--ink); }
  p { color: var(--muted); }
  :focus-visible { outline: 3px solid #1a73e8; outline-offset: 2px; }
  .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }

  .site-header { display: flex; align-items: center; justify-content: space-between; gap: 1rem; flex-wrap: wrap;
                 padding: 1.25rem 0; }
  .logo { display: flex; align-items: center; gap: .625rem; font-size: 1.25rem; font-weight: 700; color: var(--brand-dark);
          letter-spacing: -.01em; }
  .logo svg { width: 2rem; height: 2rem; }
  .site-header .about { margin: 0; font-size: .875rem; }
  .site-header .about strong { color: var(--ink); font-weight: 600; }

  .grid { display: grid; grid-template-columns: minmax(19rem, 24rem) minmax(0, 1fr); gap: 1.5rem; align-items: start; }
  @media (max-width: 60rem) { .grid { grid-template-columns: 1fr; } }
  .card { background: #fff; border: 1px solid var(--line); border-radius: 12px; box-shadow: 0 1px 2px rgba(16, 42, 67, .06); }

  .brand { padding: 1.5rem; border-top: 4px solid var(--brand); }
  .brand h1 { font-size: 1.375rem; font-weight: 650; margin: 0 0 .375rem; }
  .brand .lede { margin: 0 0 1.25rem; font-size: .9375rem; line-height: 1.45; }
  .field { margin-bottom: 1.125rem; }
  .field > label, legend { display: block; font-weight: 600; font-size: .875rem; margin-bottom: .375rem; color: var(--ink); }
  select { width: 100%; font: inherit; font-size: .9375rem; padding: .5rem .625rem; border: 1px solid #7b8794; border-radius: 8px;
           background: #fff; color: var(--ink); }
  fieldset { border: 0; padding: 0; margin: 0 0 1.125rem; min-width: 0; }
  .choices { display: grid; grid-template-columns: 1fr 1fr; gap: .5rem; }
  .choice { position: relative; }
  .choice input { position: absolute; opacity: 0; inset: 0; width: 100%; height: 100%; margin: 0; cursor: pointer; }
  .choice label { display: block; border: 1px solid #9aa5b1; border-radius: 8px; padding: .5rem .75rem; cursor: pointer;
                  font-size: .9375rem; background: #fff; }
  .choice label small { display: block; color: var(--muted); font-size: .75rem; margin-top: .125rem; }
  .choice input:checked + label { border-color: var(--brand); background: #e7f5f4; box-shadow: inset 0 0 0 1px var(--brand); }
  .choice input:focus-visible + label { outline: 3px solid #1a73e8; outline-offset: 2px; }
  .check { display: flex; gap: .5rem; align-items: flex-start; margin-bottom: 1.25rem; }
  .check input { width: 1.125rem; height: 1.125rem; margin: .125rem 0 0; accent-color: var(--brand); }
  .check label { font-weight: 600; font-size: .875rem; }
  .check .hint { display: block; font-weight: 400; color: var(--muted); font-size: .75rem; margin-top: .125rem; }
  button.primary { width: 100%; font: inherit; font-weight: 600; font-size: 1rem; color: #fff; background: var(--brand);
                   border: 0; border-radius: 999px; padding: .75rem 1rem; cursor: pointer; display: flex;
                   align-items: center; justify-content: center; gap: .5rem; }
  button.primary:hover { background: var(--brand-dark); }
  button.primary[disabled] { background: #7b8794; cursor: progress; }
  button.primary svg { width: 1.25rem; height: 1.25rem; }
  #run-status { min-height: 1.25rem; margin: .75rem 0 0; font-size: .8125rem; }
  .notice { background: var(--warn-bg); color: var(--ink); border-radius: 8px; padding: .5rem .75rem; font-size: .8125rem; }
  .notice[hidden] { display: none; }

  .agent { overflow: hidden; }
  .agent-bar { display: flex; align-items: baseline; gap: .75rem; background: #1d2a3a; color: #fff; padding: .75rem 1.25rem; }
  .agent-bar h2 { color: #fff; font-size: 1rem; font-weight: 600; margin: 0; }
  .agent-bar span { color: #bcccdc; font-size: .8125rem; }
  .agent-body { padding: 1.25rem; min-height: 18rem; }
  .agent-empty { display: flex; flex-direction: column; align-items: center; justify-content: center; min-height: 15rem;
                 text-align: center; color: var(--muted); }
  .agent-empty p { max-width: 26rem; margin: .25rem 0; }
  .agent-empty .big { font-size: 1.0625rem; color: var(--ink); font-weight: 600; }
  .consumer-head { display: flex; align-items: center; gap: 1rem; padding-bottom: 1rem; border-bottom: 1px solid var(--line); }
  .consumer-head img { width: 3.5rem; height: 3.5rem; border-radius: 50%; background: #e4e7eb; }
  .consumer-head .who { flex: 1; min-width: 0; }
  .consumer-name { font-size: 1.25rem; font-weight: 650; color: var(--ink); margin: 0; }
  .consumer-email { margin: .125rem 0 0; font-size: .875rem; }
  .badge { display: inline-flex; align-items: center; gap: .375rem; border-radius: 999px; padding: .3125rem .75rem;
           font-size: .875rem; font-weight: 650; white-space: nowrap; }
  .badge::before { font-weight: 700; }
  .badge.ok { background: var(--ok-bg); color: var(--ok); }
  .badge.ok::before { content: "\\2713"; }
  .badge.bad { background: var(--bad-bg); color: var(--bad); }
  .badge.bad::before { content: "\\2715"; }
  .badge.wait { background: #e4e7eb; color: var(--ink); }
  .agent-cols { display: grid; grid-template-columns: minmax(12rem, 17rem) minmax(0, 1fr); gap: 1.25rem; margin-top: 1rem; }
  @media (max-width: 75rem) { .agent-cols { grid-template-columns: 1fr; } }
  .conversation { background: #f5f7fa; border-radius: 10px; padding: .875rem; font-size: .875rem; align-self: start; }
  .conversation h3, .consumer-info h3 { font-size: .75rem; text-transform: uppercase; letter-spacing: .06em; color: var(--muted);
                     font-weight: 650; margin: 0 0 .5rem; }
  .system-line { color: var(--muted); font-size: .75rem; text-align: center; margin: .25rem 0 .75rem; }
  .bubble { background: #fff; border: 1px solid var(--line); border-radius: 12px 12px 12px 4px; padding: .5rem .75rem;
            margin: 0 0 .5rem; color: var(--ink); max-width: 95%; }
  .bubble.agent-says { background: var(--brand); border-color: var(--brand); color: #fff; border-radius: 12px 12px 4px 12px;
                       margin-left: auto; }
  .consumer-info { display: grid; grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr)); gap: 1rem 1.25rem; }
  .consumer-info section { min-width: 0; }
  dl.facts { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: .3125rem .875rem; margin: 0; font-size: .875rem; }
  dl.facts dt { color: var(--muted); }
  dl.facts dd { margin: 0; color: var(--ink); font-weight: 500; overflow-wrap: anywhere; }
  .warnings { margin: 1rem 0 0; padding: .5rem .75rem .5rem 1.75rem; background: var(--warn-bg); border-radius: 8px;
              font-size: .8125rem; color: var(--ink); }
  .refused { display: flex; flex-direction: column; gap: .75rem; align-items: flex-start; }
  .refused .reason { font-size: 1.0625rem; color: var(--ink); margin: 0; font-weight: 500; }
  .refused .detail { font-family: var(--mono); font-size: .75rem; background: #f5f7fa; border-radius: 6px; padding: .5rem .75rem;
                     margin: 0; overflow-wrap: anywhere; color: var(--muted); }

  .timeline { margin-top: 1.5rem; padding: 1.25rem 1.5rem 1.5rem; }
  .timeline-head { display: flex; justify-content: space-between; align-items: baseline; gap: 1rem; flex-wrap: wrap; }
  .timeline h2 { font-size: 1.125rem; font-weight: 650; margin: 0; }
  .timeline-head p { margin: 0; font-size: .8125rem; }
  ol.steps { list-style: none; margin: 1rem 0 0; padding: 0; }
  ol.steps > li.empty { color: var(--muted); font-size: .875rem; }
  .step { display: grid; grid-template-columns: 2rem minmax(0, 1fr); gap: .875rem; position: relative; padding-bottom: 1.25rem; }
  .step:not(:last-child)::before { content: ""; position: absolute; left: calc(1rem - 1px); top: 2.25rem; bottom: .25rem;
                                   width: 2px; background: var(--line); }
  .marker { width: 2rem; height: 2rem; border-radius: 50%; display: grid; place-items: center; font-weight: 700;
            font-size: .875rem; background: #e4e7eb; color: var(--ink); }
  .step[data-status="pass"] .marker { background: var(--ok-bg); color: var(--ok); }
  .step[data-status="fail"] .marker { background: var(--bad-bg); color: var(--bad); }
  .step[data-status="warn"] .marker { background: var(--warn-bg); color: var(--warn); }
  .step-head { display: flex; align-items: center; gap: .625rem; flex-wrap: wrap; min-height: 2rem; }
  .step-head h3 { font-size: 1rem; font-weight: 650; margin: 0; }
  .pill { font-size: .75rem; font-weight: 650; border-radius: 999px; padding: .125rem .5rem; background: #e4e7eb; color: var(--ink); }
  .pill.pass { background: var(--ok-bg); color: var(--ok); }
  .pill.fail { background: var(--bad-bg); color: var(--bad); }
  .pill.warn { background: var(--warn-bg); color: var(--warn); }
  .step-time { font-size: .75rem; color: var(--muted); font-family: var(--mono); }
  .step-text { margin: .25rem 0 .5rem; font-size: .875rem; line-height: 1.45; }
  .step code, .kv code { font-family: var(--mono); font-size: .8125rem; background: #f0f4f8; border-radius: 4px; padding: .0625rem .25rem;
               overflow-wrap: anywhere; color: var(--ink); }
  table.kv { border-collapse: collapse; font-size: .8125rem; margin: .25rem 0 .5rem; max-width: 100%; }
  table.kv th { text-align: left; font-weight: 500; color: var(--muted); padding: .1875rem 1rem .1875rem 0; vertical-align: top;
                white-space: nowrap; }
  table.kv td { padding: .1875rem 0; font-family: var(--mono); overflow-wrap: anywhere; word-break: break-all; }
  .parts { display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); gap: .75rem; margin-top: .5rem; }
  .part h4 { font-size: .75rem; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); margin: 0 0 .25rem; font-weight: 650; }
  .part pre, details pre { font-family: var(--mono); font-size: .75rem; line-height: 1.45; background: #0f1b2a; color: #e3ebf3;
              border-radius: 8px; padding: .625rem .75rem; margin: 0; overflow: auto; max-height: 22rem; white-space: pre; }
  details { margin-top: .5rem; font-size: .8125rem; }
  summary { cursor: pointer; color: var(--brand-dark); font-weight: 600; }
  details pre { margin-top: .375rem; white-space: pre-wrap; word-break: break-all; }
  table.checks { border-collapse: collapse; width: 100%; font-size: .8125rem; margin-top: .5rem; }
  table.checks th, table.checks td { text-align: left; vertical-align: top; padding: .3125rem .5rem; border-bottom: 1px solid #edf0f3; }
  table.checks thead th { color: var(--muted); font-weight: 600; background: #f5f7fa; }
  table.checks tr.row-fail td { background: #fff4f3; }
  table.checks tr.row-warn td { background: #fffbf0; }
  table.checks td.id { font-family: var(--mono); white-space: nowrap; }
  table.checks td.what { overflow-wrap: anywhere; color: var(--muted); }
  .status-pass { color: var(--ok); font-weight: 650; } .status-fail { color: var(--bad); font-weight: 650; }
  .status-warn { color: var(--warn); font-weight: 650; } .status-skip { color: var(--muted); }
`;
