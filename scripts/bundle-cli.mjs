// Bundles the compiled CLI (dist/cli/main.js and everything it imports) into dist/bundle/ with esbuild, so a
// start reads a few files instead of resolving hundreds of modules: spawn-to-ready drops by about half.
// Commands stay in separate chunks, so `mock-idp --help` loads almost nothing.
import { createHash } from 'node:crypto';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { build } from 'esbuild';

// Node 22 builds an ES module facade for a built-in the first time one is `import`ed, reading every export: for
// node:http that includes the lazy `WebSocket` getter, which loads undici (~50 ms of a ~300 ms start). The bundle
// takes built-ins with require() instead, which reads nothing until used.
const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
const builtinsByRequire = {
  name: 'builtins-by-require',
  setup(bundle) {
    bundle.onResolve({ filter: /^[a-z_:/]+$/ }, (args) => {
      if (!builtins.has(args.path)) return undefined;
      // A dynamic import() stays one: Node answers it with the module's namespace, as the code expects.
      if (args.namespace === 'builtin' || args.kind === 'dynamic-import')
        return { path: args.path, external: true };
      return { path: args.path, namespace: 'builtin' };
    });
    bundle.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
  },
};

// oidc-provider makes two Intl.ListFormat objects when loaded, to word its error messages; the first Intl object of
// a process loads ICU's locale data, ~10-25 ms of every start. In the bundle they are made on first use. A change
// to that file in a new oidc-provider fails the build here rather than quietly losing the fix.
const listFormats = /^const (conjunction|disjunction) = new Intl\.ListFormat\('en', \{ type: '\1' \}\);$/gm;
const lazyListFormats = {
  name: 'lazy-list-formats',
  setup(bundle) {
    bundle.onLoad({ filter: /oidc-provider[\\/]lib[\\/]helpers[\\/]formatters\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      let found = 0;
      const contents = source.replace(listFormats, (_, type) => {
        found += 1;
        return `let ${type}Format; const ${type} = { format: (list) => (${type}Format ??= new Intl.ListFormat('en', { type: '${type}' })).format(list) };`;
      });
      if (found !== 2)
        throw new Error(
          `${args.path} no longer makes its two Intl.ListFormat as expected: review the lazy-list-formats plugin`,
        );
      return { contents, loader: 'js' };
    });
  },
};

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
  plugins: [builtinsByRequire, lazyListFormats],
  logLevel: 'warning',
});

// The build's identity: the CLI's setup cache (src/config/setup-cache.ts) trusts only entries of the same build.
const hash = createHash('sha256');
for (const file of (await readdir('dist/bundle')).sort())
  hash.update(file).update(await readFile(`dist/bundle/${file}`));
await writeFile('dist/bundle/build-id', `${hash.digest('hex')}\n`);
