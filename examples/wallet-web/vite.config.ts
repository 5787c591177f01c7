/**
 * Vite configuration of the wallet page: `npx vite` serves it with hot reload, `npx vite build` writes dist/.
 */
import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // Inside this repository the workspace packages resolve to their TypeScript sources; from npm, drop 'source'.
  resolve: { conditions: ['source', ...defaultClientConditions] },
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
