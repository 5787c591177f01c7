/**
 * Aggregator figures over real HTTP: an aggregator-kit instance served by @hono/node-server on 127.0.0.1 with the
 * bench's 300 signers registered (through the real `POST /register-signer` route), receiving the 300 single
 * signatures of the bench round through `POST /register-signatures` with bounded concurrency. The floor of the
 * acceptance rate is the aggregator's own in-process verification rate for the same signatures (no HTTP); the event
 * loop lag is read with `monitorEventLoopDelay` while the signatures arrive.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Agent, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';

import { serve } from '@hono/node-server';
import { createAggregator, type VerificationMode as InProcessMode } from '@mithril/aggregator-kit';
import { createWorkerVerifier } from '@mithril/aggregator-kit/node';
import {
  type BlsBackend,
  type ChainObserver,
  createProofOfPossession,
  createStmVerificationCache,
  encodeSingleSignatureJsonHex,
  encodeVerificationKeyPopJsonHex,
  genesisVerificationKeyFromSecret,
  nobleBackend,
  signingKeyFromBytes,
  verifySingleSignature,
  verifySingleSignaturesBatch,
} from '@mithril/sdk';
import { nodeLotteryHasher } from '@mithril/sdk/node';
import { createStorage, type Storage } from 'unstorage';
import type { BenchData } from './decode.js';
import { PARAMETERS, STAKE } from './decode.js';

/** The in-process modes plus worker threads (a verifier of the Node subpath). */
type VerificationMode = InProcessMode | 'workers';

/** Requests in flight at once (each awaited before its slot takes the next signature). */
const CONCURRENCY = 64;
/** Public devnet test seed (certificates.md §5.4); no signing key is configured, so no genesis is produced. */
const GENESIS_SEED = '76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7';
const MAX_BATCH = 64;

type Figure = (name: string, value: number, floor: number, unit?: string) => void;

/** A chain whose epoch moves only when told, with the bench stake distribution. */
function benchChain(parties: readonly string[]): ChainObserver & { epoch: bigint } {
  const stakes = new Map(parties.map((p) => [p, STAKE] as const));
  const chain = {
    network: 'devnet',
    epoch: 10n,
    async getCurrentEpoch() {
      return chain.epoch;
    },
    async getCurrentTimePoint() {
      return {
        epoch: chain.epoch,
        immutableFileNumber: chain.epoch * 4n,
        chainPoint: { slotNumber: chain.epoch * 500n, blockNumber: chain.epoch * 50n, blockHash: 'ab'.repeat(32) },
      };
    },
    async getCurrentStakeDistribution() {
      return new Map(stakes);
    },
  };
  return chain;
}

async function listen(fetch: (request: Request) => Promise<Response>): Promise<{ url: string; close(): Promise<void> }> {
  return new Promise((resolve) => {
    const server = serve({ fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
      // The floor runs block the loop for seconds between posts: a 5 s keep-alive would race the client's reuse.
      if ('keepAliveTimeout' in server) server.keepAliveTimeout = 120_000;
      resolve({
        url: `http://127.0.0.1:${info.port}/aggregator`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

/** One keep-alive connection per lane, so that no request pays for a TCP handshake. */
const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

/** POSTs one JSON body with node:http (a lighter client than fetch: the load generator shares the server's thread). */
function postOne(url: URL, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** Sends every body with at most `CONCURRENCY` requests in flight; returns the statuses in order. */
async function postAll(url: string, bodies: readonly string[]): Promise<number[]> {
  const target = new URL(url);
  const statuses = new Array<number>(bodies.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < bodies.length) {
      const i = next++;
      statuses[i] = await postOne(target, bodies[i]!);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  return statuses;
}

/**
 * Builds the aggregator state once (epoch 12, the 300 bench signers as current signers, no genesis so that every
 * authentic signature is buffered with 202) and returns its storage.
 */
async function buildState(data: BenchData, backend: BlsBackend, log: (text: string) => void): Promise<{ storage: Storage; parties: string[] }> {
  const started = performance.now();
  const parties = data.signingKeys.map((_, i) => `pool1bench${String(i).padStart(3, '0')}`);
  const chain = benchChain(parties);
  const storage = createStorage();
  const aggregator = createAggregator({
    chain,
    storage,
    protocolParameters: PARAMETERS,
    genesis: { verificationKey: genesisVerificationKeyFromSecret(GENESIS_SEED) },
  });
  const server = await listen(aggregator.fetch);
  try {
    await aggregator.runner.tick(); // epoch 10: registration round for 11
    const bodies = data.signingKeys.map((bytes, i) => {
      const sk = signingKeyFromBytes(bytes);
      const vk = data.closed.entries[i]!.vk;
      const verificationKey = encodeVerificationKeyPopJsonHex({ vk, pop: createProofOfPossession(backend, sk) });
      return JSON.stringify({ epoch: 11, party_id: parties[i], verification_key: verificationKey });
    });
    const statuses = await postAll(`${server.url}/register-signer`, bodies);
    if (!statuses.every((s) => s === 201)) throw new Error(`registration refused: ${statuses.filter((s) => s !== 201).join(', ')}`);
    chain.epoch = 11n;
    await aggregator.runner.tick();
    chain.epoch = 12n;
    await aggregator.runner.tick(); // epoch 12: the 300 registered under 11 are the current signers
  } finally {
    await server.close();
    await aggregator.close();
  }
  log(`aggregator state: 300 signers registered over HTTP in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { storage, parties };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Runs the HTTP figures: `aggregator_http_accept_rate.<mode>` (signatures per second, floor = in-process rate) for
 * each verification mode, and `aggregator_http_event_loop_lag_p99` (workers vs inline).
 *
 * @param data - the bench data
 * @param figure - prints one figure line
 * @param log - progress on stderr
 */
export async function runAggregatorHttpFigures(
  data: BenchData,
  figure: Figure,
  log: (text: string) => void,
  samples = 3,
  modes: readonly VerificationMode[] = ['inline', 'batch', 'workers'],
): Promise<void> {
  const backend = nobleBackend as BlsBackend; // the aggregator's default backend
  const { storage, parties } = await buildState(data, backend, log);
  const { closed } = data;
  const message = data.messages[0]!;
  const signedMessage = new TextDecoder().decode(message);
  const bodies = data.singles.map((signature) =>
    JSON.stringify({
      entity_type: { MithrilStakeDistribution: 12 },
      party_id: parties[signature.signerIndex],
      signature: encodeSingleSignatureJsonHex(signature),
      indexes: [...signature.indexes],
      signed_message: signedMessage,
    }),
  );
  const items = data.singles.map((signature) => ({ signature, registration: closed.entries[signature.signerIndex]! }));
  const randomBytes = (n: number): Uint8Array => crypto.getRandomValues(new Uint8Array(n));
  const floorCache = createStmVerificationCache();
  const common = { message, avk: closed.avk, parameters: PARAMETERS, backend, cache: floorCache, lotteryHasher: nodeLotteryHasher };
  const floors: Record<VerificationMode, () => void> = {
    inline: () => {
      for (const it of items) verifySingleSignature({ ...common, ...it });
    },
    // The batched modes check up to `maxBatch` signatures with one pairing check.
    batch: () => {
      for (let i = 0; i < items.length; i += MAX_BATCH) {
        const { results } = verifySingleSignaturesBatch({ ...common, items: items.slice(i, i + MAX_BATCH), randomBytes });
        if (!results.every((r) => r.valid)) throw new Error('in-process batch rejected a valid signature');
      }
    },
    workers: () => floors.batch(),
  };

  const lags: Partial<Record<VerificationMode, number>> = {};
  for (const mode of modes) {
    const aggregator = createAggregator({
      chain: benchChain(parties),
      storage,
      protocolParameters: PARAMETERS,
      genesis: { verificationKey: genesisVerificationKeyFromSecret(GENESIS_SEED) },
      ...(mode === 'workers'
        ? { verifier: createWorkerVerifier({ maxBatch: MAX_BATCH }) }
        : { verification: { mode, maxBatch: MAX_BATCH }, lotteryHasher: nodeLotteryHasher }),
    });
    const server = await listen(aggregator.fetch);
    const url = `${server.url}/register-signatures`;
    try {
      const post = async (): Promise<void> => {
        const statuses = await postAll(url, bodies);
        const refused = statuses.filter((s) => s !== 202);
        if (refused.length > 0) throw new Error(`${mode}: ${refused.length} signatures refused (${refused.slice(0, 3).join(', ')})`);
      };
      // Warm-up: decoded keys in the per-epoch caches, worker threads started, JIT.
      floors[mode]();
      await post();
      const rates: number[] = [];
      const floorRates: number[] = [];
      const lagSamples: number[] = [];
      for (let s = 0; s < samples; s++) {
        let start = performance.now();
        floors[mode]();
        floorRates.push(items.length / ((performance.now() - start) / 1000));
        const histogram = monitorEventLoopDelay({ resolution: 1 });
        histogram.enable();
        start = performance.now();
        await post();
        rates.push(bodies.length / ((performance.now() - start) / 1000));
        histogram.disable();
        lagSamples.push(histogram.percentile(99) / 1e6);
      }
      lags[mode] = median(lagSamples);
      log(`${mode}: ${aggregator.verifier.stats().checks} checks for ${aggregator.verifier.stats().signatures} signatures`);
      figure(`aggregator_http_accept_rate.${mode}`, median(rates), median(floorRates), 'sig/s');
    } finally {
      await server.close();
      await aggregator.close();
    }
  }
  if (lags.workers !== undefined && lags.inline !== undefined) figure('aggregator_http_event_loop_lag_p99', lags.workers, lags.inline, 'ms');
}
