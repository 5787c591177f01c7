/**
 * `npm run bench`: one JSON line per figure, `{"name","value","unit","floor","ratio"}`, where `floor` is the same work
 * done in the same run on the same data with native blst (@chainsafe/blst 0.2.11) and node:crypto hashing
 * (bench/floor.ts). Medians of a few samples after a warm-up. Progress goes to stderr; only figures go to stdout.
 *
 * Set BENCH_ONLY=<substring> to run only the figures whose name contains it; BENCH_SKIP_BROWSER=1 skips Chromium;
 * `--compare <saved.jsonl>` prints each ratio's change against a saved run (bench/compare.ts).
 */
import { randomFillSync } from 'node:crypto';

import {
  type AggregateSignature,
  aggregateSignatures,
  type BlsBackend,
  createSingleSignature,
  nobleBackend,
  signingKeyFromBytes,
  verifyAggregateSignature,
  verifySingleSignature,
  verifySingleSignaturesBatch,
  createStmVerificationCache,
  type StmVerificationCache,
  parseJson,
  type JsonObject,
  parseGenesisVerificationKey,
  parseCertificate,
  type Certificate,
  type MultiSignatureVerifier,
  walkCertificateChain,
} from '@mithril/sdk';
import { createMclBackend } from '@mithril/sdk/bls-mcl';
import { createVerificationWorkerPool, nodeLotteryHasher } from '@mithril/sdk/node';
import { readFixtureJson, readFixtureText } from '@mithril/testing';
import { runAggregatorHttpFigures } from './aggregator-http.js';
import { runBrowserFigures } from './browser.js';
import { runCardanoDbFigures } from './cardano-db.js';
import { createComparer } from './compare.js';
import { runProofFigures } from './proofs.js';
import { loadBenchData } from './data.js';
import { runLongChainFigures } from './long-chain.js';
import { createFloorCache, type FloorCache, floorSign, floorVerifyAggregate, floorVerifySingle } from './floor.js';

const only = process.env['BENCH_ONLY'];

function log(text: string): void {
  process.stderr.write(`${text}\n`);
}

const compareFigure = createComparer(process.argv, log);

/**
 * Times a figure and its floor with alternating samples (floor, figure, floor, figure, …) after one warm-up run each,
 * so that both see the same machine load (the host is shared), and prints the figure with the two medians.
 *
 * @param divisor - the medians are divided by it (e.g. per-signature figures)
 */
async function paired(name: string, run: () => unknown, floorRun: () => unknown, samples: number, divisor = 1): Promise<void> {
  // BENCH_ONLY naming one figure skips its section's other figures.
  if (only !== undefined && !name.includes(only) && !only.includes(name)) return;
  await floorRun();
  await run();
  const times: number[] = [];
  const floors: number[] = [];
  for (let s = 0; s < samples; s++) {
    let start = performance.now();
    await floorRun();
    floors.push(performance.now() - start);
    start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  figure(name, median(times) / divisor, median(floors) / divisor);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function figure(name: string, value: number, floor: number, unit = 'ms'): void {
  const ratio = round(value / floor, 2);
  process.stdout.write(`${JSON.stringify({ name, value: round(value, 3), unit, floor: round(floor, 3), ratio })}\n`);
  compareFigure(name, ratio);
}

function wanted(name: string): boolean {
  return only === undefined || name.includes(only) || only.includes(name);
}

const randomBytes = (n: number): Uint8Array => randomFillSync(new Uint8Array(n));

async function main(): Promise<void> {
  const started = performance.now();
  // 0. Cardano database digests, download memory and throughput (no STM data needed: BENCH_ONLY=cardano_db stops here).
  if (wanted('cardano_db')) await runCardanoDbFigures(figure, log);
  if (only?.startsWith('cardano_db')) {
    log(`bench finished in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return;
  }
  const data = loadBenchData();
  const mcl = await createMclBackend();
  const { closed } = data;
  const { avk } = closed;
  const parameters = { m: 20973n, k: 2422n, phiF: 0.2 };
  const message = data.messages[0]!;
  const indexCount = data.aggregate.signatures.reduce((n, s) => n + s.signature.indexes.length, 0);
  log(
    `data: ${data.singles.length} signers, aggregate of ${data.aggregate.signatures.length} signatures / ${indexCount} indexes; chain of ${data.chain.length} aggregates (${data.chain.map((c) => c.signatures.length).join(', ')} signatures)`,
  );
  const backends: [string, BlsBackend][] = [
    ['noble', nobleBackend as BlsBackend],
    ['mcl', mcl as BlsBackend],
  ];

  // 1. Verify one mainnet-size aggregate (300 signers).
  const verifyAgg = (
    backend: BlsBackend,
    cache: StmVerificationCache | undefined,
    hasher: typeof nodeLotteryHasher | undefined,
    msg = message,
    sig: AggregateSignature = data.aggregate,
  ) => verifyAggregateSignature({ message: msg, signature: sig, avk, parameters, backend, cache, lotteryHasher: hasher });
  if (wanted('verify_aggregate')) {
    const floorCold = () => floorVerifyAggregate(message, data.aggregate, avk, parameters);
    const floorCache = createFloorCache();
    const floorWarm = () => floorVerifyAggregate(message, data.aggregate, avk, parameters, floorCache);
    await paired('verify_aggregate_300.noble.pure_default.cold', () => verifyAgg(nobleBackend, undefined, undefined), floorCold, 3);
    for (const [name, backend] of backends) {
      await paired(
        `verify_aggregate_300.${name}.node.cold`,
        () => verifyAgg(backend, undefined, nodeLotteryHasher),
        floorCold,
        name === 'noble' ? 3 : 7,
      );
      const cache = createStmVerificationCache();
      await paired(
        `verify_aggregate_300.${name}.node.warm_keys`,
        () => verifyAgg(backend, cache, nodeLotteryHasher),
        floorWarm,
        name === 'noble' ? 3 : 7,
      );
    }
    // The same work split over a pool of 2 worker threads (decoding and partial sums), the main thread doing the
    // lotteries and the Merkle proof meanwhile. The floor stays single-threaded blst.
    for (const name of ['noble', 'mcl'] as const) {
      const pool = createVerificationWorkerPool({ size: 2, backend: name });
      const options = { message, signature: data.aggregate, avk, parameters };
      await pool.verifyAggregateSignature(options);
      const samples = name === 'noble' ? 5 : 7;
      await paired(
        `verify_aggregate_300.${name}.workers2.cold`,
        async () => {
          await pool.clearCaches();
          await pool.verifyAggregateSignature(options);
        },
        floorCold,
        samples,
      );
      await paired(`verify_aggregate_300.${name}.workers2.warm_keys`, () => pool.verifyAggregateSignature(options), floorWarm, samples);
      await pool.close();
    }
  }

  // 2. Produce one single signature at m = 20973.
  if (wanted('sign_single')) {
    const signerIndex = 0;
    const sk = data.signingKeys[signerIndex]!;
    const entry = closed.entries[signerIndex]!;
    const floor = () => floorSign(sk, signerIndex, message, entry, avk, parameters);
    const sign = (backend: BlsBackend, hasher: typeof nodeLotteryHasher | undefined) => () =>
      createSingleSignature({
        parameters,
        signingKey: signingKeyFromBytes(sk),
        closedRegistration: closed,
        signerIndex,
        message,
        backend,
        lotteryHasher: hasher,
      });
    await paired('sign_single_m20973.noble.pure_default', sign(nobleBackend, undefined), floor, 3);
    await paired('sign_single_m20973.noble.node_hash', sign(nobleBackend, nodeLotteryHasher), floor, 7);
    await paired('sign_single_m20973.mcl.node_hash', sign(mcl as BlsBackend, nodeLotteryHasher), floor, 7);
  }

  // 3. Aggregator: verify one incoming single signature (keys decoded at epoch start, H(msgp) once per round).
  if (wanted('aggregator')) {
    const floorCache = createFloorCache();
    const items = data.singles.map((signature) => ({ signature, registration: closed.entries[signature.signerIndex]! }));
    const floorAll = () => {
      for (const it of items) floorVerifySingle(message, it.signature, it.registration, avk, parameters, floorCache);
    };
    for (const [name, backend] of backends) {
      const cache = createStmVerificationCache();
      const sample = items.slice(0, name === 'noble' ? 30 : 100);
      await paired(
        `aggregator_verify_single.${name}.individual`,
        () => {
          for (const it of sample) verifySingleSignature({ message, ...it, avk, parameters, backend, cache, lotteryHasher: nodeLotteryHasher });
        },
        () => {
          for (const it of sample) floorVerifySingle(message, it.signature, it.registration, avk, parameters, floorCache);
        },
        3,
        sample.length,
      );
      await paired(
        `aggregator_verify_single.${name}.batch300`,
        () => {
          const { results } = verifySingleSignaturesBatch({
            message,
            items,
            avk,
            parameters,
            backend,
            cache,
            lotteryHasher: nodeLotteryHasher,
            randomBytes,
          });
          if (!results.every((r) => r.valid)) throw new Error('batch rejected a valid signature');
        },
        floorAll,
        3,
        items.length,
      );
    }
    // Off the event loop: a pool of 2 workers, each batch-verifying half of the round.
    for (const [name] of backends) {
      const pool = createVerificationWorkerPool({ size: 2, backend: name as 'noble' | 'mcl' });
      const half = Math.ceil(items.length / 2);
      const run = async () => {
        const parts = await Promise.all([
          pool.verifySingleSignaturesBatch({ message, items: items.slice(0, half), avk, parameters }),
          pool.verifySingleSignaturesBatch({ message, items: items.slice(half), avk, parameters }),
        ]);
        if (!parts.every((p) => p.results.every((r) => r.valid))) throw new Error('pool rejected a valid signature');
      };
      await paired(`aggregator_verify_single.${name}.batch300.worker_pool2`, run, floorAll, 3, items.length);
      await pool.close();
    }

    // 4. Aggregate the 300 signatures (each checked, then the clerk's selection and the batch proof).
    for (const [name, backend] of backends) {
      const cache = createStmVerificationCache();
      const run = () =>
        aggregateSignatures({
          message,
          signatures: data.singles,
          closedRegistration: closed,
          parameters,
          backend,
          cache,
          lotteryHasher: nodeLotteryHasher,
          randomBytes,
        });
      await paired(`aggregate_300.${name}.batch_verified`, run, floorAll, 3);
    }
  }

  // 4b. The aggregator over real HTTP (loopback): signatures accepted per second in each verification mode against its
  // own in-process verification rate, and the event-loop lag while they arrive (workers vs inline).
  if (wanted('aggregator_http')) await runAggregatorHttpFigures(data, figure, log);

  // 4c. Transaction proofs: verification for 1, 10 and 100 hashes, and the bytes they add to a browser bundle.
  if (wanted('proof')) await runProofFigures(figure, log);

  // 5. A 12-certificate chain: synthetic (12 mainnet-size aggregates, same keys, different messages).
  if (wanted('chain_12_synthetic')) {
    const verifyChain = (backend: BlsBackend, cache: StmVerificationCache | undefined) => {
      for (const [j, sig] of data.chain.entries()) verifyAgg(backend, cache, nodeLotteryHasher, data.messages[j]!, sig);
    };
    const floorChain = (cache?: FloorCache) => {
      for (const [j, sig] of data.chain.entries()) floorVerifyAggregate(data.messages[j]!, sig, avk, parameters, cache);
    };
    const floorWarmCache = createFloorCache();
    for (const [name, backend] of backends) {
      const samples = name === 'noble' ? 2 : 3;
      await paired(
        `chain_12_synthetic.${name}.cold`,
        () => verifyChain(backend, createStmVerificationCache()),
        () => floorChain(createFloorCache()),
        samples,
      );
      const cache = createStmVerificationCache();
      await paired(
        `chain_12_synthetic.${name}.warm`,
        () => verifyChain(backend, cache),
        () => floorChain(floorWarmCache),
        samples,
      );
    }
  }

  // 5b. The real 12-certificate chain of the fixture (aggregator-fake-2026-05: devnet, 2 signers, m = 105, k = 70),
  // walked by the SDK's chain verifier; the floor swaps in the blst multi-signature check, everything else is shared.
  if (wanted('chain_12_fixture')) {
    const raw = parseJson(readFixtureText('aggregator-fake-2026-05', 'certificates.json')) as JsonObject;
    const certificates = new Map<string, Certificate>([...raw].map(([hash, value]) => [hash, parseCertificate(value)]));
    const keys = readFixtureJson<{ devnet_genesis_verification_key: { json_hex: string } }>('genesis-keys.json');
    const genesisKey = parseGenesisVerificationKey(keys.devnet_genesis_verification_key.json_hex);
    const tip = '3e2956f8d42accfc4efbea02773737d745dfceff8013d96bc3db04aa506c65f3';
    const walk = async (verifyMultiSignature: MultiSignatureVerifier) => {
      const { hashes } = await walkCertificateChain(tip, { getCertificate: (h) => certificates.get(h)!, genesisKey, verifyMultiSignature });
      if (hashes.length !== 12) throw new Error(`expected 12 certificates, walked ${hashes.length}`);
    };
    const floorCache = createFloorCache();
    for (const [name, backend] of backends) {
      await paired(
        `chain_12_fixture.${name}.cold`,
        () => {
          const cache = createStmVerificationCache();
          return walk((r) => verifyAggregateSignature({ ...r, backend, cache, lotteryHasher: nodeLotteryHasher }));
        },
        () => {
          const cache = createFloorCache();
          return walk((r) => floorVerifyAggregate(r.message, r.signature, r.avk, r.parameters, cache));
        },
        5,
      );
      const cache = createStmVerificationCache();
      await paired(
        `chain_12_fixture.${name}.warm`,
        () => walk((r) => verifyAggregateSignature({ ...r, backend, cache, lotteryHasher: nodeLotteryHasher })),
        () => walk((r) => floorVerifyAggregate(r.message, r.signature, r.avk, r.parameters, floorCache)),
        5,
      );
    }
  }

  // 5c. A mainnet-shaped chain (epochs of BENCH_CHAIN_PER_EPOCH certificates, key cache emptied at each epoch), cold.
  if (wanted('mainnet_shape')) {
    const length = Number(process.env['BENCH_CHAIN_LENGTH'] ?? '100');
    await runLongChainFigures(data, backends, paired, length, Number(process.env['BENCH_CHAIN_PER_EPOCH'] ?? '50'));
  }

  // 6. The aggregate-verify figure inside headless Chromium (floor: blst in Node, cold).
  if (wanted('chromium') && process.env['BENCH_SKIP_BROWSER'] !== '1') {
    try {
      const results = await runBrowserFigures(log);
      // Measured after the page run, on the same data (the browser and Node cannot alternate samples).
      const floors: number[] = [];
      floorVerifyAggregate(message, data.aggregate, avk, parameters);
      for (let i = 0; i < 5; i++) {
        const start = performance.now();
        floorVerifyAggregate(message, data.aggregate, avk, parameters);
        floors.push(performance.now() - start);
      }
      for (const [name, value] of Object.entries(results)) figure(`verify_aggregate_300.chromium.${name}`, value, median(floors));
    } catch (error) {
      log(`chromium figures skipped: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  log(`bench finished in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

await main();
