import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // The pure entries (root, devnet chain) and the optional mcl-wasm backend: platform-neutral, for browsers, Node and workers.
    entry: { index: 'src/index.ts', devnet: 'src/devnet.ts', 'bls-mcl': 'src/bls-mcl.ts' },
    format: ['esm'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'es2022',
    platform: 'neutral',
    treeshake: true,
    external: ['mcl-wasm'],
  },
  {
    // Node-only helpers. No code splitting: the worker pool loads `./verify-worker.js` next to its own file.
    entry: { 'node/index': 'src/node/index.ts', 'node/verify-worker': 'src/node/verify-worker.ts' },
    format: ['esm'],
    dts: { entry: { 'node/index': 'src/node/index.ts' } },
    tsconfig: 'tsconfig.node.json',
    sourcemap: true,
    target: 'node20',
    platform: 'node',
    splitting: false,
    // The SDK itself stays one module instance: the Node entry imports it by name (errors keep their classes).
    external: ['mcl-wasm', '@mithril/sdk', '@mithril/sdk/bls-mcl'],
  },
]);
