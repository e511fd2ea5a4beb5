#!/usr/bin/env node
/**
 * The `mock-idp` executable: turns on Node's on-disk code cache (Node 22; Node 20 lacks it and skips), then runs
 * the bundled CLI (scripts/bundle-cli.mjs), so every start after the first compiles almost nothing.
 */
import module from 'node:module';

(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
await import(new URL('../bundle/main.js', import.meta.url).href);
