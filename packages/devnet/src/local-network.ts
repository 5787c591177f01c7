/**
 * `@mithril/devnet` (private): a complete local Mithril network in one process. The simulated devnet chain, an
 * aggregator (aggregator kit) and signers (signer kit) with their own stakes, plus the SDK client checks run after
 * every epoch. Used by `npm start` and by the end-to-end tests.
 */
import { createStorage, prefixStorage, type Storage } from 'unstorage';
import memoryDriver from 'unstorage/drivers/memory';
import {
  createAggregator,
  type Aggregator,
  type AggregatorSignedEntityTypeName,
  type CardanoDbArtifacts,
  type CardanoTransactionsSigningConfig,
} from '@mithril/aggregator-kit';
import { createImmutableTransactionsSource } from '@mithril/aggregator-kit/node';
import { createDevnetChain, devnetPoolId, type DevnetChain } from '@mithril/sdk/devnet';
import type { ProtocolParameters } from '@mithril/sdk';
import { createMithrilClient, type MithrilClient } from '@mithril/sdk';
import { genesisVerificationKeyFromSecret, verifySnapshotAgainstCertificate } from '@mithril/sdk';
import { nodeLotteryHasher } from '@mithril/sdk/node';
import { createSigner, type FetchFunction, type Signer } from '@mithril/signer-kit';
import { createDevnetImmutableDb } from './immutable-db.js';

/** A stake pool of the local network and the signer that runs for it. */
export interface LocalNetworkPool {
  /** Name used to derive the pool id (`pool1…`) and to label output. */
  readonly name: string;
  /** Stake in lovelace, fixed or per epoch (0 = not in the stake distribution that epoch). */
  readonly stake: bigint | ((epoch: bigint) => bigint);
  /** Epoch from which the pool holds stake and its signer runs (default: from the start). */
  readonly joinEpoch?: bigint;
}

/** Options of {@link createLocalNetwork}. */
export interface LocalNetworkOptions {
  /** 32-byte Ed25519 genesis secret seed (hex or bytes); the network bootstraps its genesis with it. */
  readonly genesisSecretKey: Uint8Array | string;
  /** Where the aggregator and signers keep their state (default: memory). */
  readonly storage?: Storage;
  /** Pools and signers (default: three pools with different stakes). */
  readonly pools?: readonly LocalNetworkPool[];
  /** Protocol parameters (default k = 5, m = 50, phi_f = 0.65: small and fast). */
  readonly protocolParameters?: ProtocolParameters;
  /** First epoch of the chain (default 1). */
  readonly startEpoch?: bigint;
  /** With a clock the chain moves by itself every `epochDurationMs`; without one, call `advanceEpoch()`. */
  readonly clock?: () => number;
  readonly epochDurationMs?: number;
  /** Endpoint the signers and the client use (default: an in-process URL served by the aggregator's own fetch). */
  readonly aggregatorEndpoint?: string;
  /** Endpoint the signers use, e.g. a signer relay in front of the aggregator (default: `aggregatorEndpoint`). */
  readonly signerEndpoint?: string;
  /** Fetch the signers use to reach the aggregator (default: in process when no endpoint is given, else global). */
  readonly signerFetch?: FetchFunction;
  /** Fetch the verifying client uses (same defaults as `signerFetch`). */
  readonly clientFetch?: FetchFunction;
  /** Use an existing chain instead of creating one (e.g. to share it between processes' worth of aggregators). */
  readonly chain?: DevnetChain;
  /** Verified-chain cache of the checking client, so each epoch only verifies what is new (default: none). */
  readonly clientCache?: Storage;
  /** Randomness for signer keys (default: secure random). */
  readonly randomBytes?: (length: number) => Uint8Array;
  /**
   * Node database folder the chain writes its immutable trios to; the signers sign CardanoDatabase from it (when the
   * aggregator enables it). Default: none, no Cardano database is signed.
   */
  readonly dbDirectory?: string;
  /** With `dbDirectory`: a database folder whose real immutable files are replayed instead of synthetic trios. */
  readonly replayImmutableFrom?: string;
  /**
   * The aggregator's Cardano database artifacts over the same `dbDirectory` (`createCardanoDbArtifacts`): the
   * aggregator then certifies CardanoDatabase and serves its archives. Default: none.
   */
  readonly cardanoDatabase?: CardanoDbArtifacts;
  /** Signed entity types the aggregator certifies (default: the aggregator kit's). */
  readonly signedEntityTypes?: readonly AggregatorSignedEntityTypeName[];
  /**
   * With `dbDirectory`: the aggregator certifies CardanoTransactions from the blocks of the chain's chunk files, with
   * this signing configuration (default {@link DEVNET_CARDANO_TRANSACTIONS_SIGNING_CONFIG}); `false` turns it off.
   * Default: on with synthetic trios, off when replaying real ones (their block numbers repeat in the cycle).
   */
  readonly cardanoTransactions?: false | { readonly signingConfig?: CardanoTransactionsSigningConfig };
}

/**
 * The devnet's transactions signing configuration, the one of the reference's devnet (`{security_parameter: 1,
 * step: 15}`): a beacon every 15-block range.
 *
 * @example
 * createLocalNetwork({ genesisSecretKey, dbDirectory, cardanoTransactions: { signingConfig: DEVNET_CARDANO_TRANSACTIONS_SIGNING_CONFIG } });
 */
export const DEVNET_CARDANO_TRANSACTIONS_SIGNING_CONFIG: CardanoTransactionsSigningConfig = Object.freeze({
  securityParameter: 1n,
  step: 15n,
});

/** What an epoch produced and whether the client verified it. */
export interface EpochReport {
  readonly epoch: bigint;
  /** `Type-beacon` of each certificate of the epoch, e.g. `MithrilStakeDistribution-5`. */
  readonly certificates: readonly string[];
  /** Whether a genesis certificate was made this epoch. */
  readonly genesis: boolean;
  /** Length of the verified chain from the epoch's newest certificate back to genesis (inclusive). */
  readonly chainLength: number;
  readonly genesisHash: string | undefined;
  /** Artifacts verified by the SDK client (chain to genesis + artifact binding). */
  readonly verifiedArtifacts: readonly string[];
  /** Signers whose signature is in at least one certificate of the epoch. */
  readonly signers: readonly string[];
  /** Failures (empty when everything verified). */
  readonly failures: readonly string[];
}

/** A running local network. */
export interface LocalNetwork {
  readonly chain: DevnetChain;
  readonly aggregator: Aggregator;
  /** Signers that have joined, by pool name. */
  readonly signers: ReadonlyMap<string, Signer>;
  /** Pool id of each pool name. */
  readonly poolIds: ReadonlyMap<string, string>;
  readonly genesisVerificationKey: string;
  readonly aggregatorEndpoint: string;
  readonly client: MithrilClient;
  /** One round: aggregator runner, then every signer, then the runner again (to certify what was just signed). */
  tick(): Promise<void>;
  /** Moves the (manual) chain to the next epoch. */
  advanceEpoch(): void;
  /** Ticks until the epoch's certificates of every enabled type exist, or `maxTicks` is reached. */
  settleEpoch(maxTicks?: number): Promise<void>;
  /** Verifies everything certified during `epoch` with the SDK client over the aggregator API. */
  verifyEpoch(epoch: bigint): Promise<EpochReport>;
  /** Replaces the aggregator by a fresh instance over the same storage (a process restart). */
  restartAggregator(): Aggregator;
  /** Another aggregator instance over the same storage whose runner is never ticked: an HTTP replica. */
  createReplica(): Aggregator;
  /** Stops every timer and signer. */
  close(): Promise<void>;
}

/** Default pools: three signers with different stakes. */
export const DEFAULT_POOLS: readonly LocalNetworkPool[] = [
  { name: 'alice', stake: 3_000_000_000_000n },
  { name: 'bob', stake: 2_000_000_000_000n },
  { name: 'carol', stake: 1_000_000_000_000n },
];

/** Default protocol parameters: small, so that a devnet runs quickly (real networks use m in the thousands). */
export const DEFAULT_PROTOCOL_PARAMETERS: ProtocolParameters = { k: 5n, m: 50n, phiF: 0.65 };

const IN_PROCESS_ENDPOINT = 'http://aggregator.local/aggregator';

function stakeOf(pool: LocalNetworkPool, epoch: bigint): bigint {
  if (pool.joinEpoch !== undefined && epoch < pool.joinEpoch) return 0n;
  return typeof pool.stake === 'function' ? pool.stake(epoch) : pool.stake;
}

function errorText(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/**
 * Creates a local network: devnet chain, aggregator with a devnet genesis key, and one signer per pool (started when
 * the pool joins). Nothing runs until `tick()` is called (or a driver loop calls it).
 *
 * @param options - see {@link LocalNetworkOptions}
 * @returns the network
 * @throws {MithrilError} `GENESIS_VERIFICATION_KEY_INVALID` for a genesis secret that is not 32 bytes
 * @example
 * const network = createLocalNetwork({ genesisSecretKey: '11'.repeat(32) });
 * await network.settleEpoch();
 * network.advanceEpoch();
 */
export function createLocalNetwork(options: LocalNetworkOptions): LocalNetwork {
  const pools = options.pools ?? DEFAULT_POOLS;
  const parameters = options.protocolParameters ?? DEFAULT_PROTOCOL_PARAMETERS;
  const storage = options.storage ?? createStorage({ driver: memoryDriver() });
  const poolIds = new Map(pools.map((p) => [p.name, devnetPoolId(p.name)]));
  const chain =
    options.chain ??
    createDevnetChain({
      stakes: (epoch) => new Map(pools.map((p) => [poolIds.get(p.name) as string, stakeOf(p, epoch)])),
      ...(options.startEpoch === undefined ? {} : { startEpoch: options.startEpoch }),
      ...(options.clock === undefined ? {} : { clock: options.clock }),
      ...(options.epochDurationMs === undefined ? {} : { epochDurationMs: options.epochDurationMs }),
    });
  const genesisVerificationKey = genesisVerificationKeyFromSecret(options.genesisSecretKey);
  const aggregatorStorage = prefixStorage(storage, 'aggregator');
  const transactionsWanted =
    options.dbDirectory !== undefined &&
    options.cardanoTransactions !== false &&
    (options.cardanoTransactions !== undefined || options.replayImmutableFrom === undefined);
  const cardanoTransactions =
    options.dbDirectory === undefined || !transactionsWanted
      ? undefined
      : {
          source: createImmutableTransactionsSource(options.dbDirectory),
          signingConfig: (options.cardanoTransactions || undefined)?.signingConfig ?? DEVNET_CARDANO_TRANSACTIONS_SIGNING_CONFIG,
        };
  const makeAggregator = (): Aggregator =>
    createAggregator({
      chain,
      storage: aggregatorStorage,
      protocolParameters: parameters,
      genesis: { verificationKey: genesisVerificationKey, signingKey: options.genesisSecretKey },
      // The kit defaults to the SDK's pure Blake2b, which runs everywhere; this network only runs on Node.
      lotteryHasher: nodeLotteryHasher,
      ...(options.cardanoDatabase === undefined ? {} : { cardanoDatabase: options.cardanoDatabase }),
      ...(cardanoTransactions === undefined ? {} : { cardanoTransactions }),
      ...(options.signedEntityTypes === undefined ? {} : { signedEntityTypes: options.signedEntityTypes }),
    });
  let aggregator = makeAggregator();
  const inProcess: FetchFunction = (request) => aggregator.fetch(request);
  const aggregatorEndpoint = options.aggregatorEndpoint ?? IN_PROCESS_ENDPOINT;
  const defaultFetch: FetchFunction | undefined = options.aggregatorEndpoint === undefined ? inProcess : undefined;
  const signerFetch = options.signerFetch ?? (options.signerEndpoint === undefined ? defaultFetch : undefined);
  const clientFetch = options.clientFetch ?? defaultFetch;
  const client = createMithrilClient({
    aggregatorEndpoint,
    genesisVerificationKey,
    ...(clientFetch === undefined ? {} : { fetch: clientFetch as typeof globalThis.fetch }),
    retry: 0,
    lotteryHasher: nodeLotteryHasher,
    ...(options.clientCache === undefined ? {} : { cache: options.clientCache }),
    logger: { warn: () => undefined },
  });
  const signerStorage = prefixStorage(storage, 'signers');
  const signers = new Map<string, Signer>();

  const joinSigners = async (): Promise<void> => {
    const epoch = await chain.getCurrentEpoch();
    for (const pool of pools) {
      if (signers.has(pool.name) || (pool.joinEpoch !== undefined && epoch < pool.joinEpoch)) continue;
      const partyId = poolIds.get(pool.name) as string;
      signers.set(
        pool.name,
        createSigner({
          partyId,
          chainObserver: chain,
          aggregatorEndpoint: options.signerEndpoint ?? aggregatorEndpoint,
          ...(signerFetch === undefined ? {} : { fetch: signerFetch }),
          storage: signerStorage,
          publishRetry: { attempts: 3, delayMs: 200 },
          ...(options.randomBytes === undefined ? {} : { randomBytes: options.randomBytes }),
          ...(options.dbDirectory === undefined ? {} : { dbDirectory: options.dbDirectory }),
        }),
      );
    }
  };

  const immutableDb =
    options.dbDirectory === undefined
      ? undefined
      : createDevnetImmutableDb({
          dbDirectory: options.dbDirectory,
          chain,
          ...(options.replayImmutableFrom === undefined ? {} : { replayFrom: options.replayImmutableFrom }),
        });

  const tick = async (): Promise<void> => {
    await immutableDb?.sync();
    await joinSigners();
    await aggregator.runner.tick();
    for (const signer of signers.values()) await signer.tick();
    await aggregator.runner.tick();
  };

  const certificatesOf = async (epoch: bigint) => (await client.listCertificates()).filter((c) => c.epoch === epoch);

  const settleEpoch = async (maxTicks = 20): Promise<void> => {
    const epoch = await chain.getCurrentEpoch();
    for (let i = 0; i < maxTicks; i++) {
      await tick();
      const certified = new Set((await certificatesOf(epoch)).map((c) => c.signedEntityType.type));
      const wanted = aggregator.config.signedEntityTypes;
      if (wanted.every((t) => certified.has(t))) return;
    }
  };

  const verifyEpoch = async (epoch: bigint): Promise<EpochReport> => {
    const failures: string[] = [];
    const verifiedArtifacts: string[] = [];
    const signerNames = new Set<string>();
    let chainLength = 0;
    let genesisHash: string | undefined;
    let genesis = false;
    const labels: string[] = [];
    let list: Awaited<ReturnType<typeof certificatesOf>> = [];
    try {
      list = await certificatesOf(epoch);
    } catch (error) {
      failures.push(`listing certificates: ${errorText(error)}`);
    }
    const names = new Map([...poolIds].map(([name, id]) => [id, name]));
    for (const item of list) {
      const isGenesis = item.previousHash === '';
      genesis ||= isGenesis;
      const type = item.signedEntityType;
      labels.push(isGenesis ? 'Genesis' : type.type === 'Unknown' ? type.name : `${type.type}-${type.epoch}`);
      try {
        const result = await client.verifyCertificateChain({ hash: item.hash });
        chainLength = Math.max(chainLength, result.validated.length + result.fromCache.length);
        genesisHash = result.genesisHash;
        for (const signer of result.certificate.metadata.signers) signerNames.add(names.get(signer.partyId) ?? signer.partyId);
      } catch (error) {
        failures.push(`certificate ${item.hash.slice(0, 12)}: ${errorText(error)}`);
      }
    }
    try {
      const msds = (await client.listMithrilStakeDistributions()).filter((a) => a.epoch === epoch);
      for (const msd of msds) {
        await client.verifyMithrilStakeDistribution({ hash: msd.hash });
        verifiedArtifacts.push(`MithrilStakeDistribution-${msd.epoch}`);
      }
      const csds = (await client.listCardanoStakeDistributions()).filter((a) => a.epoch === epoch - 1n);
      for (const csd of csds) {
        await client.verifyCardanoStakeDistribution({ hash: csd.hash });
        verifiedArtifacts.push(`CardanoStakeDistribution-${csd.epoch}`);
      }
      // Transactions snapshots: the certificate chain, then the snapshot's root and block number in its message.
      const transactions = cardanoTransactions === undefined ? [] : await client.listCardanoTransactionsSnapshots();
      for (const snapshot of transactions.filter((s) => s.epoch === epoch)) {
        const { certificate } = await client.verifyCertificateChain({ hash: snapshot.certificateHash });
        verifySnapshotAgainstCertificate(certificate, snapshot);
        verifiedArtifacts.push(`CardanoTransactions-${snapshot.epoch}-${snapshot.blockNumber}`);
      }
    } catch (error) {
      failures.push(`artifact: ${errorText(error)}`);
    }
    return {
      epoch,
      certificates: labels,
      genesis,
      chainLength,
      genesisHash,
      verifiedArtifacts,
      signers: [...signerNames].sort(),
      failures,
    };
  };

  return {
    chain,
    get aggregator() {
      return aggregator;
    },
    signers,
    poolIds,
    genesisVerificationKey,
    aggregatorEndpoint,
    client,
    tick,
    advanceEpoch: () => {
      chain.advance();
    },
    settleEpoch,
    verifyEpoch,
    restartAggregator() {
      // The old instance is simply dropped, as a killed process would be: nothing is flushed or closed.
      aggregator = makeAggregator();
      return aggregator;
    },
    createReplica: makeAggregator,
    async close() {
      await aggregator.runner.stop();
      for (const signer of signers.values()) await signer.stop();
    },
  };
}
