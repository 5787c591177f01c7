/**
 * The wallet page in Debian's Chromium: built with Vite's `build()` from its own config, served on loopback, pointed
 * at the fixture aggregator (a recorded devnet) and at a tampered variant of it. Screenshots of what the page shows
 * go to test-artifacts/ (git-ignored).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeCertificateHash, parseCertificate } from '@mithril/sdk';
import { fixturePath, readFixtureJson, sliceTopLevelObject, startFixtureServer, type FixtureServer } from '@mithril/testing';
import { certifiedNetwork, type TestNetwork } from '@mithril/testing/test-network';
import { launchChromium, serveStatic, type Chromium, type StaticServer } from '../shared/chromium.js';
import { flipSignatureByte, startTamperedAggregator, type TamperedAggregator } from '../shared/tamper.js';

const here = dirname(fileURLToPath(import.meta.url));
const artifactsDir = join(here, 'test-artifacts');
const FIXTURE = 'aggregator-fake-2026-05';
const DEVNET_KEY = readFixtureJson<{ devnet_genesis_verification_key: { json_hex: string } }>('genesis-keys.json').devnet_genesis_verification_key
  .json_hex;
const certificateList = readFixtureJson<{ hash: string }[]>(FIXTURE, 'certificates-list.json');
const latestHash = certificateList[0]!.hash;
const certificates = readFixtureJson<Record<string, { epoch: number; genesis_signature: string }>>(FIXTURE, 'certificates.json');
/** A progress line of the page for a downloaded certificate. */
const verifiedLine = (hash: string): string => `verified ${hash} (epoch ${certificates[hash]!.epoch})`;
const genesisHash = Object.keys(certificates).find((h) => certificates[h]!.genesis_signature !== '')!;
const proofs = readFixtureJson<Record<string, { certificate_hash: string }>>(FIXTURE, 'ctx-proofs.json');
const [certifiedTx, certifiedProof] = Object.entries(proofs)[0]!;
const listLength = (name: string): number => readFixtureJson<unknown[]>(FIXTURE, name).length;

const outDir = mkdtempSync(join(tmpdir(), 'mithril-wallet-web-'));
let aggregator: FixtureServer;
let tamperedUpstream: FixtureServer;
let tampered: TamperedAggregator;
let tamperedTip: string;
let site: StaticServer;
let browser: Chromium;

/**
 * The tampered network: the latest certificate with one byte of its multi-signature flipped and its hash recomputed,
 * listed as the latest, so that only the signature check can catch it.
 */
async function startTampered(): Promise<void> {
  const texts = sliceTopLevelObject(readFileSync(join(fixturePath(FIXTURE), 'certificates.json'), 'utf8'));
  const flipped = flipSignatureByte(texts.get(latestHash)!);
  tamperedTip = computeCertificateHash(parseCertificate(flipped));
  const text = flipped.replace(/("hash"\s*:\s*")[0-9a-f]{64}"/, `$1${tamperedTip}"`);
  tamperedUpstream = await startFixtureServer({ certificateOverrides: { [tamperedTip]: text } });
  tampered = await startTamperedAggregator(tamperedUpstream.url, (path, body) =>
    path === '/aggregator/certificates' ? body.replace(latestHash, tamperedTip) : body,
  );
}

beforeAll(async () => {
  await build({ configFile: join(here, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  aggregator = await startFixtureServer();
  await startTampered();
  site = await serveStatic({ '/': outDir });
  browser = await launchChromium();
  mkdirSync(artifactsDir, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await tampered?.close();
  await tamperedUpstream?.close();
  await aggregator?.close();
  rmSync(outDir, { recursive: true, force: true });
});

/** Opens the page on an aggregator, connects, and waits for the chain verdict. */
async function connect(page: Page, endpoint: string, genesisKey = DEVNET_KEY): Promise<string> {
  await page.goto(`${site.url}/?${new URLSearchParams({ aggregator: endpoint, 'genesis-key': genesisKey })}`);
  await page.click('#connect button[type=submit]');
  await page.waitForFunction(() => ['verified', 'failed'].includes(document.querySelector<HTMLElement>('#chain-status')?.dataset['state'] ?? ''));
  return (await page.textContent('#chain-status')) ?? '';
}

/** Certifies a transaction hash through the page's form and returns the verdict line. */
async function certify(page: Page, hash: string): Promise<string> {
  await page.fill('input[name=transaction-hash]', hash);
  await page.click('#certify button');
  // The form sets the state to `running` as it submits, so this waits for this submission's verdict.
  await page.waitForFunction(() =>
    ['certified', 'not-certified', 'failed'].includes(document.querySelector<HTMLElement>('#tx-status')?.dataset['state'] ?? ''),
  );
  return (await page.textContent('#tx-status')) ?? '';
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(artifactsDir, name), fullPage: true });
}

describe('wallet-web in Chromium', () => {
  it('lists the devnet certificates and artifacts, verifies the chain with progress, certifies a transaction', async () => {
    const page = await browser.context.newPage();
    const verdict = await connect(page, aggregator.url);
    expect(verdict, browser.errors.join('\n')).toMatch(
      new RegExp(`^✔ chain verified from ${latestHash} \\(epoch \\d+\\) to genesis ${genesisHash}: \\d+ certificates verified, 0 from the cache$`),
    );
    // Progress: one line per certificate of the walk, from the tip down to genesis, each with its epoch; the bar
    // is full.
    const log = await page.locator('#chain-log li').allTextContents();
    expect(log[0]).toBe(verifiedLine(latestHash));
    expect(log.at(-1)).toBe(verifiedLine(genesisHash));
    for (const line of log) expect(line).toBe(verifiedLine(line.split(' ')[1]!));
    expect(await page.$eval('#chain-progress', (bar) => (bar as HTMLProgressElement).position)).toBe(1);
    expect(await page.locator('#certificates tbody tr').count()).toBe(certificateList.length);
    expect(await page.textContent('#certificates tbody tr:first-child td:first-child')).toBe(latestHash);
    expect(await page.locator('.artifact-group h3').allTextContents()).toEqual([
      `Mithril stake distributions (${listLength('mithril-stake-distributions-list.json')})`,
      `Cardano stake distributions (${listLength('cardano-stake-distributions-list.json')})`,
      `Cardano transactions snapshots (${listLength('ctx-snapshots-list.json')})`,
      `Cardano blocks and transactions snapshots (${listLength('cardano-blocks-txs-snapshots-list.json')})`,
    ]);
    expect(await page.textContent('#cache-status')).toMatch(/^IndexedDB cache: [1-9]\d* entries$/);
    await screenshot(page, 'verified-chain.png');

    expect(await certify(page, certifiedTx)).toMatch(new RegExp(`^✔ certified: ${certifiedTx} by certificate ${certifiedProof.certificate_hash} `));
    // The proof's certificate chain was walked in the page, from that certificate; the chain verdict stays shown.
    expect(await page.locator('#chain-log li').first().textContent()).toBe(verifiedLine(certifiedProof.certificate_hash));
    expect(await page.textContent('#chain-status')).toBe(verdict);
    await screenshot(page, 'transaction-certified.png');
    expect(await certify(page, 'ab'.repeat(32))).toBe(`✘ not certified: ${'ab'.repeat(32)}`);

    // A new page load reads the IndexedDB cache written by the first one.
    expect(await connect(page, aggregator.url)).toMatch(/^✔ chain verified from .*, [1-9]\d* from the cache$/);
    await page.close();
  });

  it('verifies the chain of a live test network: the aggregator kit, certified in-process, on loopback', async () => {
    const net: TestNetwork = await certifiedNetwork();
    const server: ServerType = await new Promise((resolve) => {
      const s = serve({ fetch: net.aggregator.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    try {
      const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/aggregator`;
      const genesis = (await net.aggregator.fetch(new Request(`${endpoint}/certificate/genesis`)).then((r) => r.json())) as { hash: string };
      const page = await browser.context.newPage();
      expect(await connect(page, endpoint, net.options.genesis.verificationKey), browser.errors.join('\n')).toMatch(
        new RegExp(
          `^✔ chain verified from [0-9a-f]{64} \\(epoch 12\\) to genesis ${genesis.hash}: [1-9]\\d* certificates verified, 0 from the cache$`,
        ),
      );
      expect(await page.locator('#certificates tbody tr').count()).toBe(3);
      await screenshot(page, 'test-network-chain.png');
      await page.close();
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('shows the failure and its code against a tampered aggregator', async () => {
    const page = await browser.context.newPage();
    const verdict = await connect(page, tampered.url);
    // The hash was recomputed, so only the STM multi-signature check can catch the flipped byte.
    expect(verdict).toMatch(new RegExp(`^✘ chain verification failed: CERTIFICATE_MULTI_SIGNATURE_INVALID: .*${tamperedTip}`));
    expect(await page.isDisabled('#certify button')).toBe(true);
    await screenshot(page, 'tampered-chain.png');
    await page.close();
  });
});
