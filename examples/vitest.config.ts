/**
 * Runs the examples test until the root vitest.config.ts includes `examples/**`:
 * `npx vitest run -c examples/vitest.config.ts`. Same resolution and timeouts as the root config.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import root from '../vitest.config.js';

export default defineConfig({
  ...root,
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: { ...root.test, include: ['examples/**/*.test.ts'] },
});
