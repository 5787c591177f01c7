/**
 * Runs bench/browser-entry.ts in headless Chromium: bundles it with esbuild for the browser, serves it on 127.0.0.1
 * with the cached data set, and drives the page through playwright-core (system Chromium, /usr/bin/chromium).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { build } from 'esbuild';
import { chromium } from 'playwright-core';

import { benchDataText } from './data.js';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/**
 * Bundles, serves and runs the browser figures.
 *
 * @param log - progress output
 * @returns milliseconds per figure name
 */
export async function runBrowserFigures(log: (text: string) => void): Promise<Record<string, number>> {
  const bundle = await build({
    entryPoints: [new URL('./browser-entry.ts', import.meta.url).pathname],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['source'],
    logLevel: 'silent',
  });
  const script = bundle.outputFiles[0]!.text;
  const dataText = benchDataText();
  const server = createServer((request, response) => {
    if (request.url === '/bench.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    } else if (request.url === '/data.json') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(dataText);
    } else if (request.url === '/') {
      response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><script type="module" src="/bench.js"></script>');
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const profile = mkdtempSync(join(tmpdir(), 'mithril-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    chromiumSandbox: false,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const page = await context.newPage();
    page.on('pageerror', (error) => log(`chromium page error: ${error.message}`));
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => typeof (globalThis as { runBench?: unknown }).runBench === 'function');
    log(`chromium ${context.browser()?.version() ?? ''}: running the aggregate-verify figure`);
    return await page.evaluate(() => (globalThis as unknown as { runBench(): Promise<Record<string, number>> }).runBench(), undefined);
  } finally {
    await context.close();
    server.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
