import { escapeHtml, page } from '../pages/html.js';
import { avatarPath } from '../personas/claims.js';
import type { Persona } from '../personas/persona.js';

export interface PickerPageInput {
  uid: string;
  /** The issuer's path ('' at the root, `/acme` for a tenant): every link of the page starts with it. */
  basePath: string;
  clientName: string;
  personas: Persona[];
  /** Persona to list first (from a `login_hint` that asked for an interactive prompt). */
  hinted?: Persona;
}

function personaButton(base: string, uid: string, persona: Persona): string {
  return `<li><form method="post" action="${escapeHtml(base)}/interaction/${escapeHtml(uid)}/login">
<input type="hidden" name="persona" value="${escapeHtml(persona.id)}">
<button class="persona" type="submit">
<img src="${escapeHtml(base + avatarPath(persona.id))}" alt="">
<span class="who"><span>${escapeHtml(persona.name)}</span><small>${escapeHtml(persona.email)}</small></span>
</button></form></li>`;
}

/** "Choose an account": the interactive login page for people and demos. */
export function pickerPage(input: PickerPageInput): string {
  const ordered = input.hinted
    ? [input.hinted, ...input.personas.filter((p) => p.id !== input.hinted?.id)]
    : input.personas;
  return page(
    'Choose an account - mock-idp',
    `<h1>Choose an account</h1>
<p>to continue to <strong>${escapeHtml(input.clientName)}</strong></p>
<ul class="personas" aria-label="Personas">
${ordered.map((persona) => personaButton(input.basePath, input.uid, persona)).join('\n')}
</ul>
<form class="actions" method="post" action="${escapeHtml(input.basePath)}/interaction/${escapeHtml(input.uid)}/abort">
<button type="submit">Cancel</button>
</form>`,
  );
}
