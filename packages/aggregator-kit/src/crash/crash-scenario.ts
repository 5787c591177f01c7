/**
 * The scripted test network of the systematic crash test: a 3-signer devnet network certifying MSD(e) and CSD(e−1)
 * for a number of epochs, with signatures for CSD sent while MSD is open (so they are buffered, 202). Each step is one
 * action of one party (a tick, one registration, one signature); a step interrupted by the simulated kill is run
 * again on a restarted aggregator, as a real signer retries what failed and never resends what was accepted.
 */
import { createStorage, type Driver } from 'unstorage';
import { walkCertificateChain } from '@mithril/sdk';
import { nodeLotteryHasher } from '@mithril/sdk/node';
import { call, createTestNetwork, signatureBody, type TestNetwork } from '@mithril/testing/test-network';
import { createAggregator, type Aggregator } from '../aggregator.js';
import type { Clock } from '../time.js';
import {
  artifactKindsOf,
  type BlsBackend,
  createStmVerificationCache,
  parseCertificate,
  parseGenesisVerificationKey,
  signedEntityTypeKey,
  type SignableEntityType,
} from '../sdk.js';
import { AggregatorStore } from '../store.js';
import { verifierCrypto } from '../verifiers/crypto.js';
import { localMultiSignatureVerifier } from '../verifiers/inline.js';
import { memoBackend } from './memo-backend.js';
import { crashingDriver, mapDriver, observedDriver, type CrashIncarnation } from './crash-storage.js';

type Step = (aggregator: Aggregator) => Promise<void>;

let SIGNERS: TestNetwork['signers'] | undefined;
const SIGNATURES = new Map<string, Record<string, unknown> | undefined>();
const FAST_CRYPTO = { blsBackend: 'mcl', lotteryHasher: nodeLotteryHasher } as const;
let MEMO: BlsBackend | undefined;

/** The aggregators' crypto: mcl behind a cache shared by every run, and the native lottery hasher. */
async function memoCrypto(): Promise<{ backend: BlsBackend; lotteryHasher: typeof nodeLotteryHasher }> {
  MEMO ??= memoBackend(await verifierCrypto(FAST_CRYPTO).backend());
  return { backend: MEMO, lotteryHasher: nodeLotteryHasher };
}

/** What one scripted run did and what the final chain holds. */
export interface CrashRunResult {
  /** Writes of the whole run (all incarnations). */
  readonly writes: number;
  /** Restarts after a simulated kill. */
  readonly restarts: number;
  /** Expected certificates missing at the end. */
  readonly lost: readonly string[];
  /** Signed entities certified more than once. */
  readonly duplicated: readonly string[];
  /** Certificates without their artifact. */
  readonly artifactLess: readonly string[];
  /** Certificates in the final chain (genesis included). */
  readonly certificates: number;
}

function script(net: TestNetwork, epochs: number): Step[] {
  const steps: Step[] = [];
  const tick: Step = async (a) => {
    await a.runner.tick();
  };
  const registerAll = (): void => {
    for (const s of net.signers) {
      steps.push(async (a) => {
        const status = (await call(a, 'POST', '/register-signer', s.registration(net.chain.epoch + 1n))).status;
        if (status >= 300) throw new Error(`registration answered ${status}`);
      });
    }
  };
  const signAll = (type: SignableEntityType): void => {
    for (const s of net.signers) {
      steps.push(async (a) => {
        // Signatures are deterministic (same keys, same message): computed once for all the runs.
        const cacheKey = `${s.partyId}|${signedEntityTypeKey(type)}|${net.chain.epoch}`;
        if (!SIGNATURES.has(cacheKey)) SIGNATURES.set(cacheKey, await signatureBody(a, net.chain, s, type));
        const body = SIGNATURES.get(cacheKey);
        if (body === undefined) return;
        const status = (await call(a, 'POST', '/register-signatures', body)).status;
        if (status !== 201 && status !== 202) throw new Error(`signature answered ${status}`);
      });
    }
  };
  const advance: Step = async () => {
    net.chain.advance();
  };
  steps.push(tick);
  registerAll();
  steps.push(advance, tick);
  registerAll();
  steps.push(advance);
  for (let e = 12n; e < 12n + BigInt(epochs); e++) {
    steps.push(tick);
    signAll({ type: 'MithrilStakeDistribution', epoch: e });
    signAll({ type: 'CardanoStakeDistribution', epoch: e - 1n });
    steps.push(tick, tick);
    registerAll();
    steps.push(advance);
  }
  steps.push(tick, tick);
  return steps;
}

async function inspect(inner: Driver, aggregator: Aggregator, epochs: number): Promise<Omit<CrashRunResult, 'writes' | 'restarts'>> {
  const store = new AggregatorStore(createStorage({ driver: inner }), 'mithril-aggregator');
  const seen = new Map<string, number>();
  const artifactLess: string[] = [];
  const hashes: string[] = [];
  for await (const hash of store.certificatesOldestFirst()) hashes.push(hash);
  for (const hash of hashes) {
    const doc = await store.getCertificate(hash);
    if (doc === undefined) throw new Error(`indexed certificate ${hash} has no document`);
    const certificate = parseCertificate(doc.json);
    if (certificate.genesisSignature !== '' || certificate.signedEntityType.type === 'Unknown') continue;
    const key = signedEntityTypeKey(certificate.signedEntityType);
    seen.set(key, (seen.get(key) ?? 0) + 1);
    const [kind] = artifactKindsOf(certificate.signedEntityType.type);
    const artifact = kind === undefined ? undefined : await store.getArtifactByEpoch(kind.kind, certificate.signedEntityType.epoch);
    if (artifact === undefined || (JSON.parse(artifact.json) as { certificate_hash: string }).certificate_hash !== hash) artifactLess.push(key);
  }
  const documents = (await store.storage.getKeys('certificate')).length;
  if (documents !== hashes.length) throw new Error(`${documents} certificate documents but ${hashes.length} indexed`);
  const expected: string[] = [];
  for (let e = 12n; e < 12n + BigInt(epochs); e++) {
    expected.push(signedEntityTypeKey({ type: 'MithrilStakeDistribution', epoch: e }));
    expected.push(signedEntityTypeKey({ type: 'CardanoStakeDistribution', epoch: e - 1n }));
  }
  const latest = hashes.at(-1);
  if (latest === undefined) throw new Error('no certificate at all');
  const genesisKey = parseGenesisVerificationKey(aggregator.config.genesisVerificationKey);
  const load = async (h: string) => {
    const doc = await store.getCertificate(h);
    if (doc === undefined) throw new Error(`certificate ${h} is missing`);
    return parseCertificate(doc.json);
  };
  // Every certificate of the last epoch chains to genesis (the walk verifies each link and signature).
  const verifyMultiSignature = await localMultiSignatureVerifier(verifierCrypto(FAST_CRYPTO), createStmVerificationCache());
  for (const hash of hashes.slice(-2)) await walkCertificateChain(hash, { getCertificate: load, genesisKey, verifyMultiSignature });
  return {
    lost: expected.filter((k) => !seen.has(k)),
    duplicated: [...seen].filter(([, n]) => n > 1).map(([k]) => k),
    artifactLess,
    certificates: hashes.length,
  };
}

/** The disk, clock and chain right after one write of the clean run, and the step that made it. */
interface WritePoint {
  readonly step: number;
  readonly disk: Map<string, string>;
  readonly now: bigint;
  readonly epoch: bigint;
}

/** A clock stepping as the test networks' one, whose reading can be saved and restored. */
function savedClock(start: bigint): { clock: Clock; now(): bigint } {
  let now = start;
  return {
    clock: {
      nowNanos() {
        now += 1_000_123n;
        return now;
      },
    },
    now: () => now,
  };
}

const START = 1_779_374_513_660_381_099n;

async function runSteps(steps: readonly Step[], from: number, aggregator: Aggregator, life: CrashIncarnation): Promise<void> {
  for (let i = from; i < steps.length; i++) {
    try {
      await steps[i]!(aggregator);
    } catch (error) {
      if (!life.dead) throw error;
    }
    if (life.dead) throw new Error(`unexpected second kill at step ${i}`);
  }
}

/**
 * Runs the scripted network without a kill, recording the disk after every write.
 *
 * @param epochs - certified epochs after the genesis
 * @returns the clean run's counts and its write points
 * @throws {Error} when the clean chain is not as expected
 * @example
 * const { result, points } = await cleanRun(3);
 */
export async function cleanRun(epochs: number): Promise<{ result: CrashRunResult; points: readonly WritePoint[] }> {
  const disk = new Map<string, string>();
  const points: WritePoint[] = [];
  const time = savedClock(START);
  let step = 0;
  const net = createTestNetwork({ k: 5n, m: 50n, phiF: 0.65 }, { ...(await memoCrypto()), clock: time.clock });
  SIGNERS ??= net.signers;
  const driver = observedDriver(mapDriver(disk), () => points.push({ step, disk: new Map(disk), now: time.now(), epoch: net.chain.epoch }));
  const life = crashingDriver(driver, undefined);
  const aggregator = createAggregator({ ...net.options, storage: createStorage({ driver: life.driver }) });
  const steps = script({ ...net, signers: SIGNERS }, epochs);
  for (; step < steps.length; step++) await steps[step]!(aggregator);
  const result = { writes: points.length, restarts: 0, ...(await inspect(mapDriver(disk), aggregator, epochs)) };
  await aggregator.runner.stop();
  return { result, points };
}

/**
 * Restarts a fresh aggregator on the disk of one write point of the clean run (the process was killed right after
 * that write), retries the step that was interrupted, runs the rest of the script and inspects the final chain.
 *
 * @param point - the write point
 * @param epochs - certified epochs after the genesis (as the clean run)
 * @returns the counts of the run
 * @throws {Error} when the final chain does not verify or the index misses documents
 * @example
 * const run = await restartAt(points[16]!, 3);
 */
export async function restartAt(point: WritePoint, epochs: number): Promise<CrashRunResult> {
  const disk = new Map(point.disk);
  const time = savedClock(point.now);
  const net = createTestNetwork({ k: 5n, m: 50n, phiF: 0.65 }, { ...(await memoCrypto()), clock: time.clock });
  if (point.epoch > net.chain.epoch) net.chain.advance(Number(point.epoch - net.chain.epoch));
  const life = crashingDriver(mapDriver(disk), undefined);
  const aggregator = createAggregator({ ...net.options, storage: createStorage({ driver: life.driver }) });
  await runSteps(script({ ...net, signers: SIGNERS ?? net.signers }, epochs), point.step, aggregator, life);
  const result = { writes: life.writes, restarts: 1, ...(await inspect(mapDriver(disk), aggregator, epochs)) };
  await aggregator.runner.stop();
  return result;
}
