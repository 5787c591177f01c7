/**
 * A Mithril {@link ChainObserver} over Ogmios v6 (nodes.md §4, dependencies.md §6): network magic and KES length from
 * the Shelley genesis, epoch, tip (slot and hash) and block height, era from `/health`, and stake per pool.
 *
 * Stake. The reference reads the **mark** snapshot (`GetStakeSnapshots` → `snapshot_mark_pool`). Ogmios v6.14 has no
 * query for it: `queryLedgerState/liveStakeDistribution` answers relative stakes (ratios, not lovelace) of the pool
 * distribution the ledger uses for leader election, and `queryLedgerState/stakePools` with `includeStake` answers
 * absolute lovelace of the pools' voting stake. The source is therefore a required, explicit option, `stakeSource`:
 * `'stake-pools'` is the only one giving lovelace, and it may differ from the mark snapshot (see the package README:
 * a network mixing these signers with the reference's then disagrees on the stake of those pools, so their
 * signatures do not verify against the reference aggregator's registrations and the other way round).
 */
import { U64_MAX, type ChainObserver, type ChainPoint, type StakeDistribution, type TimePoint } from '@mithril/sdk';
import { OgmiosConnection, type OgmiosConnectionOptions } from './connection.js';
import { OgmiosError } from './errors.js';

/**
 * Where the stake per pool comes from (see the module comment).
 *
 * @example
 * createOgmiosChainObserver({ network: 'preview', networkMagic: 2, stakeSource: 'stake-pools' });
 */
export type OgmiosStakeSource = 'stake-pools';

/**
 * Options of {@link createOgmiosChainObserver}.
 *
 * @example
 * const chain = createOgmiosChainObserver({ host: '127.0.0.1', port: 1337, network: 'preview', networkMagic: 2, stakeSource: 'stake-pools' });
 */
export interface OgmiosChainObserverOptions extends OgmiosConnectionOptions {
  /** Network name reported as `network` (e.g. `preview`, `mainnet`, `devnet`). */
  readonly network: string;
  /** Expected network magic; when given, a node on another network makes every reading fail. */
  readonly networkMagic?: number;
  /** Source of the stake distribution (required, see the module comment). */
  readonly stakeSource: OgmiosStakeSource;
  /**
   * Number of the last immutable file, e.g. read from the node's `immutable/` folder. Default: an estimate from the
   * tip, `slot / (10 · k)` (one chunk of the immutable database per 10·k slots).
   */
  readonly immutableFileNumber?: (tip: ChainPoint) => bigint | Promise<bigint>;
}

/** The genesis values the observer needs. */
export interface OgmiosGenesis {
  readonly networkMagic: number;
  readonly slotsPerKesPeriod: bigint;
  readonly securityParameter: bigint;
  readonly epochLength: bigint;
}

/**
 * A {@link ChainObserver} over Ogmios, with the extra readings of the signer's doctor.
 *
 * @example
 * const chain = createOgmiosChainObserver({ network: 'preview', networkMagic: 2, stakeSource: 'stake-pools' });
 * const aggregator = createAggregator({ ...options, chain });
 */
export interface OgmiosChainObserver extends ChainObserver {
  /** The underlying connection (address, connection count). */
  readonly connection: OgmiosConnection;
  /** Shelley genesis values (read once per observer). */
  getGenesis(): Promise<OgmiosGenesis>;
  /** Network magic of the node behind Ogmios. */
  getNetworkMagic(): Promise<number>;
  /** Current era, capitalised like the reference (`Conway`). */
  getCurrentEra(): Promise<string>;
  /** Tip: slot, block number and hash. */
  getChainPoint(): Promise<ChainPoint>;
  /** Current KES period: `slot / slotsPerKesPeriod`. */
  getCurrentKesPeriod(): Promise<number>;
  /** Closes the connection. */
  close(): Promise<void>;
}

const HEX_32 = /^[0-9a-f]{64}$/;

function unexpected(method: string, what: string): OgmiosError {
  return new OgmiosError('OGMIOS_UNEXPECTED_RESPONSE', `${method}: ${what}`, { details: { method } });
}

function u64(value: unknown, method: string, what: string): bigint {
  const v = typeof value === 'bigint' ? value : typeof value === 'number' && Number.isSafeInteger(value) ? BigInt(value) : undefined;
  if (v === undefined || v < 0n || v > U64_MAX) throw unexpected(method, `${what} is not a u64`);
  return v;
}

function record(value: unknown, method: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw unexpected(method, 'the result is not an object');
  return value as Record<string, unknown>;
}

/**
 * Creates a chain observer reading a Cardano node through Ogmios v6. Nothing connects until the first reading.
 *
 * @param options - address, network, stake source, backoff
 * @returns the observer
 * @throws {OgmiosError} `OGMIOS_INVALID_CONFIGURATION` for missing or bad options; readings throw
 *   `OGMIOS_UNREACHABLE`, `OGMIOS_RPC_ERROR`, `OGMIOS_UNEXPECTED_RESPONSE`, `OGMIOS_NETWORK_MISMATCH`
 * @example
 * const chain = createOgmiosChainObserver({ host: '127.0.0.1', port: 1337, network: 'preview', networkMagic: 2, stakeSource: 'stake-pools' });
 * const epoch = await chain.getCurrentEpoch();
 */
export function createOgmiosChainObserver(options: OgmiosChainObserverOptions): OgmiosChainObserver {
  if (typeof options.network !== 'string' || options.network === '') {
    throw new OgmiosError('OGMIOS_INVALID_CONFIGURATION', 'must be a non-empty network name', { field: 'network' });
  }
  if (options.stakeSource !== 'stake-pools') {
    throw new OgmiosError('OGMIOS_INVALID_CONFIGURATION', "must be 'stake-pools' (the only Ogmios v6 query giving lovelace per pool)", {
      field: 'stakeSource',
    });
  }
  if (options.networkMagic !== undefined && (!Number.isSafeInteger(options.networkMagic) || options.networkMagic < 0)) {
    throw new OgmiosError('OGMIOS_INVALID_CONFIGURATION', 'must be a non-negative integer', { field: 'networkMagic' });
  }
  const connection = new OgmiosConnection(options);
  let genesis: Promise<OgmiosGenesis> | undefined;

  const readGenesis = async (): Promise<OgmiosGenesis> => {
    const method = 'queryNetwork/genesisConfiguration';
    const result = record(await connection.request(method, { era: 'shelley' }), method);
    if (result.era !== 'shelley') throw unexpected(method, 'the result is not the Shelley genesis');
    const magic = Number(u64(result.networkMagic, method, 'networkMagic'));
    const slotsPerKesPeriod = u64(result.slotsPerKesPeriod, method, 'slotsPerKesPeriod');
    if (slotsPerKesPeriod === 0n) throw unexpected(method, 'slotsPerKesPeriod is 0');
    if (options.networkMagic !== undefined && magic !== options.networkMagic) {
      throw new OgmiosError(
        'OGMIOS_NETWORK_MISMATCH',
        `the node at ${connection.address} is on network magic ${magic}, not ${options.networkMagic}`,
        {
          field: 'networkMagic',
          details: { expected: options.networkMagic, actual: magic },
        },
      );
    }
    return {
      networkMagic: magic,
      slotsPerKesPeriod,
      securityParameter: u64(result.securityParameter, method, 'securityParameter'),
      epochLength: u64(result.epochLength, method, 'epochLength'),
    };
  };
  const getGenesis = (): Promise<OgmiosGenesis> => {
    genesis ??= readGenesis();
    genesis.catch(() => {
      genesis = undefined;
    });
    return genesis;
  };

  const getCurrentEpoch = async (): Promise<bigint> => {
    await getGenesis();
    return u64(await connection.request('queryLedgerState/epoch'), 'queryLedgerState/epoch', 'the epoch');
  };

  const getChainPoint = async (): Promise<ChainPoint> => {
    await getGenesis();
    const tip = await connection.request('queryNetwork/tip');
    const height = await connection.request('queryNetwork/blockHeight');
    if (tip === 'origin' || height === 'origin') return { slotNumber: 0n, blockNumber: 0n, blockHash: '00'.repeat(32) };
    const point = record(tip, 'queryNetwork/tip');
    if (typeof point.id !== 'string' || !HEX_32.test(point.id)) throw unexpected('queryNetwork/tip', 'the tip id is not 32 bytes of hex');
    return {
      slotNumber: u64(point.slot, 'queryNetwork/tip', 'the tip slot'),
      blockNumber: u64(height, 'queryNetwork/blockHeight', 'the block height'),
      blockHash: point.id,
    };
  };

  const health = async (): Promise<Record<string, unknown>> => {
    const url = `${options.tls === true ? 'https' : 'http'}://${connection.host}:${connection.port}/health`;
    let response: Response;
    try {
      response = await fetch(url);
    } catch (cause) {
      throw new OgmiosError('OGMIOS_UNREACHABLE', `cannot reach ${url}`, { cause });
    }
    if (!response.ok) throw new OgmiosError('OGMIOS_UNREACHABLE', `${url} answered ${response.status}`);
    return record(await response.json(), '/health');
  };

  return {
    network: options.network,
    connection,
    getGenesis,
    async getNetworkMagic() {
      return (await getGenesis()).networkMagic;
    },
    getCurrentEpoch,
    getChainPoint,
    async getCurrentTimePoint(): Promise<TimePoint> {
      const epoch = await getCurrentEpoch();
      const chainPoint = await getChainPoint();
      const { securityParameter } = await getGenesis();
      const immutableFileNumber =
        options.immutableFileNumber !== undefined
          ? await options.immutableFileNumber(chainPoint)
          : chainPoint.slotNumber / (10n * (securityParameter > 0n ? securityParameter : 1n));
      return { epoch, immutableFileNumber, chainPoint };
    },
    async getCurrentStakeDistribution(): Promise<StakeDistribution> {
      await getGenesis();
      const method = 'queryLedgerState/stakePools';
      const result = record(await connection.request(method, { includeStake: true }), method);
      const out = new Map<string, bigint>();
      for (const [pool, view] of Object.entries(result)) {
        const lovelace = (record(view, method).stake as { ada?: { lovelace?: unknown } } | undefined)?.ada?.lovelace;
        if (lovelace === undefined) throw unexpected(method, `pool ${pool} has no stake (includeStake was ignored)`);
        const stake = u64(lovelace, method, `the stake of ${pool}`);
        if (stake > 0n) out.set(pool, stake);
      }
      return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    },
    async getCurrentKesPeriod() {
      const { slotsPerKesPeriod } = await getGenesis();
      const { slotNumber } = await getChainPoint();
      return Number(slotNumber / slotsPerKesPeriod);
    },
    async getCurrentEra() {
      const era = (await health()).currentEra;
      if (typeof era !== 'string' || era === '') throw unexpected('/health', 'currentEra is missing');
      return era.charAt(0).toUpperCase() + era.slice(1);
    },
    close: () => connection.close(),
  };
}
