import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', 'command/bin': 'src/command/bin.ts' },
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  platform: 'neutral',
  external: ['@mithril/sdk', '@mithril/sdk/devnet', '@mithril/ogmios', 'unstorage', /^unstorage\//, 'mitt', /^node:/],
});
