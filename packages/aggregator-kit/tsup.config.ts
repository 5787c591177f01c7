import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    node: 'src/node.ts',
    'adapters/express': 'src/adapters/express.ts',
    'adapters/fastify': 'src/adapters/fastify.ts',
    'adapters/hono': 'src/adapters/hono.ts',
    'command/bin': 'src/command/bin.ts',
  },
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  platform: 'neutral',
  external: [
    '@mithril/sdk',
    '@mithril/sdk/node',
    '@mithril/sdk/bls-mcl',
    '@mithril/kit-core',
    /^@mithril\/kit-core\//,
    'node:os',
    'express',
    'fastify',
    'hono',
    'ioredis',
    'unstorage',
    'mitt',
  ],
});
