// Bundles the compiled CLI (dist/cli/main.js and everything it imports) into dist/bundle/ with esbuild, so a
// start reads a few files instead of resolving hundreds of modules: spawn-to-ready drops by about half.
// Commands stay in separate chunks, so `mock-idp --help` loads almost nothing.
import { rm } from 'node:fs/promises';
import { build } from 'esbuild';

// Chunk names carry content hashes: start from an empty folder so old chunks do not pile up.
await rm('dist/bundle', { recursive: true, force: true });

await build({
  entryPoints: ['dist/cli/main.js'],
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Whitespace only: syntax minification drops class names, and oidc-provider names each model's storage by its
  // class name (`AuthorizationCode`, `Session`…); esbuild's keepNames would restore them at a cost on every call.
  minifyWhitespace: true,
  // Some dependencies are CommonJS and call require(): give the ESM bundle one.
  banner: {
    js: "import { createRequire as __mockIdpRequire } from 'node:module'; const require = __mockIdpRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
