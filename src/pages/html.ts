/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const styles = `
  :root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
  body { margin: 0; background: #f1f3f4; color: #202124; }
  .banner { background: #fce8e6; color: #a50e0e; padding: .5rem 1rem; font-size: .875rem; text-align: center; }
  main { max-width: 28rem; margin: 2.5rem auto; background: #fff; border: 1px solid #dadce0; border-radius: 8px;
         padding: 2rem; }
  h1 { font-size: 1.5rem; font-weight: 400; margin: 0 0 .5rem; }
  p { color: #5f6368; }
  ul.personas { list-style: none; padding: 0; margin: 1.5rem 0 0; }
  ul.personas li + li { border-top: 1px solid #e8eaed; }
  button.persona { display: flex; gap: 1rem; align-items: center; width: 100%; padding: .75rem .5rem;
         border: 0; background: none; text-align: left; cursor: pointer; font: inherit; color: inherit; }
  button.persona:hover, button.persona:focus-visible { background: #f1f3f4; outline: 2px solid #1a73e8; }
  button.persona img { width: 2.5rem; height: 2.5rem; border-radius: 50%; }
  .who { display: flex; flex-direction: column; } .who small { color: #5f6368; }
  .actions { margin-top: 1.5rem; text-align: right; }
  .actions button { font: inherit; color: #1a73e8; background: none; border: 0; cursor: pointer; padding: .5rem 1rem; }
  code { background: #f1f3f4; padding: .1rem .3rem; border-radius: 4px; }
`;

/** A complete page with the not-for-production banner every page of the IdP carries. */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${styles}</style>
</head>
<body>
<div class="banner" role="note">mock-idp: a mock identity provider for testing. Not for production.</div>
<main>
${body}
</main>
</body>
</html>`;
}
