/**
 * The stress scenario (nodes.md §7, after the reference's load-aggregator): bootstrap the chain with every signer
 * registered twice, then for each epoch move the chain, register every signer for the next epoch, sign each signed
 * entity type offline and post the signatures, and wait for the certificate; clients read meanwhile.
 */
import {
  bytesToHex,
  type ClosedKeyRegistration,
  createStmVerificationCache,
  type ProtocolParameters,
  closeRegistration,
  computeSignableMessage,
  isMithrilError,
  encodeSingleSignatureJsonHex,
  encodeVerificationKeyPopJsonHex,
  signedEntityTypeAt,
} from '@mithril/sdk';
import { devnetPoolId } from '@mithril/sdk/devnet';
import { createCryptoPool } from './crypto-pool.js';
import type { SignOutcome } from './crypto-tasks.js';
import { StressError } from './errors.js';
import { createHttpTarget, type HttpTarget, inLanes } from './http.js';
import { startLocalAggregator, type LocalAggregator } from './local-aggregator.js';
import type { StressOptions, StressSignedEntityType } from './options.js';
import { type PhaseTiming, type StressReport, summarize } from './report.js';
import { startClients } from './clients.js';

/** One signer of the run. */
interface StressSigner {
  readonly partyId: string;
  readonly stake: bigint;
  readonly signingKey: bigint;
  readonly verificationKey: string;
  readonly vk: Uint8Array;
}

/** Where a run is: the counters every step adds to. */
interface RunState {
  readonly phases: PhaseTiming[];
  readonly registrationMs: number[];
  readonly signatureMs: number[];
  readonly timeToCertificate: { beacon: string; ms: number }[];
  registrationPhaseMs: number;
  signaturePhaseMs: number;
  registrations: number;
  signatures: number;
  lotteriesLost: number;
  lateSignatures: number;
  errors: number;
  readonly errorSamples: string[];
}

const POLL_MS = 50;
const REQUEST_TIMEOUT_MS = 60_000;
const MAX_ERROR_SAMPLES = 10;

/** Stake of signer `i`: different per signer (1000 to 1999 ada × 10^9 lovelace), so that the lottery is not uniform. */
function stakeOf(i: number): bigint {
  return BigInt(1000 + ((i * 7919) % 1000)) * 1_000_000_000n;
}

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** The certificates an aggregator lists: how many, and their signed entity types as JSON text. */
async function certificatesOf(http: HttpTarget): Promise<{ count: number; beacons: Set<string>; oldestEpoch: bigint }> {
  const r = await http.get('/certificates');
  if (r.status !== 200) throw new StressError('STRESS_AGGREGATOR_FAILED', `GET /certificates answered ${r.status}`);
  const list = JSON.parse(r.body) as { epoch: number; signed_entity_type: Record<string, unknown> }[];
  return {
    count: list.length,
    beacons: new Set(list.map((c) => JSON.stringify(c.signed_entity_type))),
    oldestEpoch: BigInt(list.at(-1)?.epoch ?? 0),
  };
}

/** Verifies one of the computed signatures through the local aggregator's verifier (its result does not matter). */
async function warmUp(
  local: LocalAggregator,
  closed: ClosedKeyRegistration,
  signedMessage: string,
  outcomes: readonly SignOutcome[],
  parameters: ProtocolParameters,
): Promise<void> {
  const signed = outcomes.find((o) => !('lost' in o));
  if (signed === undefined || 'lost' in signed) return;
  await local.aggregator.verifier.verify({
    message: new TextEncoder().encode(signedMessage),
    signature: signed,
    registration: closed.entries[signed.signerIndex]!,
    avk: closed.avk,
    parameters,
    cache: createStmVerificationCache(),
  });
}

/**
 * Runs the scenario.
 *
 * @param options - validated options
 * @param log - progress lines (stderr in the CLI)
 * @returns the report; `errors` counts every refused or failed request and every aggregator error
 * @throws {StressError} `STRESS_TIMEOUT` when the run overruns its limit, `STRESS_AGGREGATOR_FAILED` when the
 *   aggregator answers what the scenario cannot go on with (no epoch settings, a certificate that never comes)
 * @example
 * const report = await runStress(parseStressArgs(['--num-signers', '10', '--epochs', '1']) as StressOptions);
 */
export async function runStress(options: StressOptions, log: (line: string) => void = () => undefined): Promise<StressReport> {
  const deadline = performance.now() + options.timeoutMs;
  const state: RunState = {
    phases: [],
    registrationMs: [],
    signatureMs: [],
    timeToCertificate: [],
    registrationPhaseMs: 0,
    signaturePhaseMs: 0,
    registrations: 0,
    signatures: 0,
    lotteriesLost: 0,
    lateSignatures: 0,
    errors: 0,
    errorSamples: [],
  };
  const pool = createCryptoPool(options.workers);
  let local: LocalAggregator | undefined;
  let target: HttpTarget | undefined;
  let clients: Awaited<ReturnType<typeof startClients>> | undefined;
  const fail = (what: string): void => {
    state.errors++;
    if (state.errorSamples.length < MAX_ERROR_SAMPLES) state.errorSamples.push(what);
  };
  const timed = async <T>(phase: string, epoch: number | undefined, work: () => Promise<T>): Promise<T> => {
    local?.setPhase(`${phase}${epoch === undefined ? '' : ` (epoch ${epoch})`}`);
    const started = performance.now();
    const result = await work();
    state.phases.push({ phase, epoch, durationMs: performance.now() - started });
    return result;
  };
  const remaining = (what: string): number => {
    const left = deadline - performance.now();
    if (left <= 0) throw new StressError('STRESS_TIMEOUT', `${what}: the run's ${options.timeoutMs / 1000} s are up`, { field: '--timeout' });
    return left;
  };

  const buildReport = async (): Promise<StressReport> => {
    const clientMs = (await clients?.stop()) ?? [];
    clients = undefined;
    let certificates = 0;
    try {
      certificates = target === undefined ? 0 : (await certificatesOf(target)).count;
    } catch {
      // The aggregator is gone: the errors already say so.
    }
    return {
      signers: options.numSigners,
      clients: options.numClients,
      epochs: options.epochs,
      concurrency: options.concurrency,
      protocolParameters: {
        k: options.protocolParameters.k.toString(),
        m: options.protocolParameters.m.toString(),
        phiF: options.protocolParameters.phiF,
      },
      ownAggregator: options.aggregatorEndpoint === undefined,
      phases: state.phases,
      registrationsPerSecond: state.registrationPhaseMs === 0 ? 0 : state.registrations / (state.registrationPhaseMs / 1000),
      signaturesPerSecond: state.signaturePhaseMs === 0 ? 0 : state.signatures / (state.signaturePhaseMs / 1000),
      latency: { registration: summarize(state.registrationMs), signature: summarize(state.signatureMs), client: summarize(clientMs) },
      timeToCertificateMs: state.timeToCertificate,
      eventLoopDelayMs: local?.loopDelay(),
      certificates,
      lotteriesLost: state.lotteriesLost,
      lateSignatures: state.lateSignatures,
      errors: state.errors,
      errorSamples: state.errorSamples,
    };
  };
  try {
    const keys = await timed('keys generation', undefined, () => pool.keys(options.seed, options.numSigners));
    const signers: StressSigner[] = keys.map((k) => ({
      partyId: devnetPoolId(`mithril-stress/${options.seed}/${k.index}`),
      stake: stakeOf(k.index),
      signingKey: k.signingKey,
      vk: k.vk,
      verificationKey: encodeVerificationKeyPopJsonHex({ vk: k.vk, pop: k.pop }),
    }));
    log(`${signers.length} signers' keys generated (${pool.threads} worker threads)`);
    const stakes = new Map(signers.map((s) => [s.partyId, s.stake]));
    if (options.aggregatorEndpoint === undefined) {
      local = await startLocalAggregator({
        stakes,
        protocolParameters: options.protocolParameters,
        signedEntityTypes: options.signedEntityTypes,
        verifierWorkers: options.verifierWorkers,
        dataDir: options.dataDir,
        tickMs: 100,
        onError: (error) => fail(`aggregator: ${describe(error)}`),
      });
      log(`own aggregator on ${local.endpoint}`);
    }
    const endpoint = local?.endpoint ?? (options.aggregatorEndpoint as string);
    const http = createHttpTarget(endpoint, options.concurrency + options.numClients, REQUEST_TIMEOUT_MS);
    target = http;

    /** The aggregator's epoch settings, once it reports an epoch after `after`. */
    const epochSettingsAfter = async (after: bigint | undefined): Promise<{ epoch: bigint; next: ProtocolParameters }> => {
      for (;;) {
        remaining('waiting for the epoch settings');
        const r = await http.get('/epoch-settings');
        if (r.status === 200) {
          const body = JSON.parse(r.body) as { epoch: number; next_protocol_parameters?: { k: number; m: number; phi_f: number } };
          const epoch = BigInt(body.epoch);
          if (after === undefined || epoch > after) {
            const p = body.next_protocol_parameters;
            const next = p === undefined ? options.protocolParameters : { k: BigInt(p.k), m: BigInt(p.m), phiF: p.phi_f };
            return { epoch, next };
          }
        }
        await sleep(POLL_MS);
      }
    };
    /** Own aggregator: moves the chain; another one: waits for its chain to move. */
    const nextEpoch = async (current: bigint): Promise<{ epoch: bigint; next: ProtocolParameters }> => {
      local?.advanceEpoch();
      return epochSettingsAfter(current);
    };

    const registerAll = async (epoch: bigint, record: boolean): Promise<void> => {
      const bodies = signers.map((s) => JSON.stringify({ epoch: Number(epoch), party_id: s.partyId, verification_key: s.verificationKey }));
      // The first one retries until the round for `epoch` is open (550), as the reference does.
      for (;;) {
        remaining('waiting for the registration round');
        const first = await http.post('/register-signer', bodies[0]!);
        if (first.status === 201) break;
        if (first.status !== 550) throw new StressError('STRESS_AGGREGATOR_FAILED', `registration answered ${first.status}: ${first.body}`);
        await sleep(POLL_MS);
      }
      const started = performance.now();
      await inLanes(bodies.slice(1), options.concurrency, async (body, i) => {
        remaining('registering signers');
        try {
          const r = await http.post('/register-signer', body);
          if (record) state.registrationMs.push(r.ms);
          if (r.status !== 201) fail(`registration of ${signers[i + 1]!.partyId}: ${r.status} ${r.body.slice(0, 200)}`);
        } catch (error) {
          fail(`registration of ${signers[i + 1]!.partyId}: ${describe(error)}`);
        }
      });
      if (record) {
        state.registrationPhaseMs += performance.now() - started;
        state.registrations += bodies.length - 1;
      }
    };

    const certificateCount = (): ReturnType<typeof certificatesOf> => certificatesOf(http);

    // Bootstrap: two registration rounds so that the chain has current and next signers, then the genesis.
    let settings = await timed('bootstrap', undefined, async () => {
      let s = await epochSettingsAfter(undefined);
      await registerAll(s.epoch + 1n, false);
      s = await nextEpoch(s.epoch);
      await registerAll(s.epoch + 1n, false);
      s = await nextEpoch(s.epoch);
      for (;;) {
        remaining('waiting for the genesis certificate');
        if ((await certificateCount()).count > 0) return s;
        await sleep(POLL_MS);
      }
    });
    const genesisEpoch = (await certificatesOf(http)).oldestEpoch;
    log(`bootstrapped at epoch ${settings.epoch} (oldest certificate of epoch ${genesisEpoch})`);

    // The keys and stakes never change, so one closed registration serves as current and next every epoch.
    const closed = closeRegistration(signers.map((s) => ({ vk: s.vk, stake: s.stake })));
    const index = new Map(closed.entries.map((e, i) => [bytesToHex(e.vk), i]));
    const registrationId = bytesToHex(closed.avk.mtCommitment.root);
    local?.startLoopMonitor();
    if (options.numClients > 0) clients = startClients(http, options.numClients, fail);

    for (let round = 1; round <= options.epochs; round++) {
      local?.setPhase(`epoch change (round ${round})`);
      // No signing in the genesis epoch: the first round moves on unless the genesis is older.
      if (round > 1 || settings.epoch <= genesisEpoch) settings = await nextEpoch(settings.epoch);
      const epoch = settings.epoch;
      const epochNumber = Number(epoch);
      await timed('signers registration', epochNumber, () => registerAll(epoch + 1n, true));
      for (const name of options.signedEntityTypes) {
        const type = signedEntityTypeAt(name as StressSignedEntityType, epoch);
        const { signedMessage } = computeSignableMessage(type, {
          nextAggregateVerificationKey: closed.avk,
          nextProtocolParameters: settings.next,
          currentEpoch: epoch,
          cardanoStakeDistribution: name === 'CardanoStakeDistribution' ? stakes : undefined,
        });
        const outcomes = await timed(`signatures computation ${name}`, epochNumber, () =>
          pool.sign({
            registrationId,
            entries: closed.entries,
            parameters: options.protocolParameters,
            message: signedMessage,
            jobs: signers.map((s) => ({ signingKey: s.signingKey, signerIndex: index.get(bytesToHex(s.vk))! })),
          }),
        );
        if (round === 1 && name === options.signedEntityTypes[0] && local !== undefined) {
          // Starts the aggregator's verification threads (and JIT) before the timed phase, with one real check.
          await warmUp(local, closed, signedMessage, outcomes, options.protocolParameters);
        }
        const partyOf = new Map(signers.map((s) => [index.get(bytesToHex(s.vk))!, s.partyId]));
        const bodies: string[] = [];
        for (const o of outcomes) {
          if ('lost' in o) {
            state.lotteriesLost++;
            continue;
          }
          bodies.push(
            JSON.stringify({
              entity_type: { [name]: Number(type.epoch) },
              party_id: partyOf.get(o.signerIndex),
              signature: encodeSingleSignatureJsonHex(o),
              indexes: o.indexes,
              signed_message: signedMessage,
            }),
          );
        }
        const beacon = JSON.stringify({ [name]: Number(type.epoch) });
        const before = await certificateCount();
        const firstSent = performance.now();
        await timed('signatures registration', epochNumber, async () => {
          const started = performance.now();
          await inLanes(bodies, options.concurrency, async (body) => {
            remaining('sending signatures');
            try {
              const r = await http.post('/register-signatures', body);
              state.signatureMs.push(r.ms);
              // A signature arriving after the quorum was certified is refused as late (410), as a real signer's is.
              if (r.status === 410 && r.body.includes('already_certified')) state.lateSignatures++;
              else if (r.status !== 201 && r.status !== 202) fail(`signature for ${beacon}: ${r.status} ${r.body.slice(0, 200)}`);
            } catch (error) {
              fail(`signature for ${beacon}: ${describe(error)}`);
            }
          });
          state.signaturePhaseMs += performance.now() - started;
          state.signatures += bodies.length;
        });
        await timed('certificate', epochNumber, async () => {
          for (;;) {
            remaining(`waiting for the certificate of ${beacon}`);
            const now = await certificateCount();
            if (now.beacons.has(beacon) && !before.beacons.has(beacon)) break;
            await sleep(POLL_MS);
          }
          state.timeToCertificate.push({ beacon: `${name}-${type.epoch}`, ms: performance.now() - firstSent });
        });
      }
      log(`epoch ${epoch}: ${signers.length} registrations, signatures and certificates done`);
    }
    return await buildReport();
  } catch (error) {
    if (!isMithrilError(error, 'STRESS_TIMEOUT') && !isMithrilError(error, 'STRESS_AGGREGATOR_FAILED')) throw error;
    const where =
      local === undefined
        ? ''
        : ` (runner ${local.aggregator.runner.state}${local.aggregator.runner.blockedReason === undefined ? '' : `, ${local.aggregator.runner.blockedReason}`})`;
    fail(`${error.message}${where}`);
    return await buildReport();
  } finally {
    await clients?.stop();
    target?.close();
    await local?.close();
    await pool.close();
  }
}
