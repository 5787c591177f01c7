/**
 * A stand-in Ogmios v6 server for tests (dependencies.md §6): one HTTP server on loopback with `GET /health` and a
 * WebSocket endpoint on the same port speaking Ogmios JSON-RPC. It serves a chain state the test provides (and may
 * advance), and checks every message it receives and sends against the v6.14.0 schemas of the fixtures.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toJsonText } from '@mithril/sdk';
import { WebSocketServer, type WebSocket } from 'ws';
import { loadOgmiosSchemas } from './ogmios-schema.js';

/** What the stand-in reports about the chain at one moment. */
export interface OgmiosChainState {
  readonly epoch: bigint;
  readonly slot: bigint;
  readonly blockHeight: bigint;
  /** 64 lowercase hex characters. */
  readonly blockHash: string;
  /** Stake per pool id (`pool1…`) in lovelace. */
  readonly stakes: ReadonlyMap<string, bigint>;
}

/** A JSON-RPC error the stand-in answers instead of a result. */
export interface OgmiosErrorReply {
  readonly code: number;
  readonly message: string;
  readonly data?: unknown;
}

/** Options of {@link startOgmiosStandin}. */
export interface OgmiosStandinOptions {
  /** The chain state, read on every query. */
  readonly state: () => OgmiosChainState;
  /** Network magic of the Shelley genesis (default 42, the devnet's). */
  readonly networkMagic?: number;
  /** Slots per KES period of the Shelley genesis (default 129600). */
  readonly slotsPerKesPeriod?: number;
  /** Epoch length in slots of the Shelley genesis (default 500). */
  readonly epochLength?: number;
  /** Security parameter k of the Shelley genesis (default 10). */
  readonly securityParameter?: number;
  /** Era name reported by `/health` (default `conway`). */
  readonly era?: string;
}

/** A running stand-in. */
export interface OgmiosStandin {
  readonly host: string;
  readonly port: number;
  /** Every message received and sent, parsed, in order. */
  readonly traffic: readonly { readonly direction: 'in' | 'out'; readonly schema: string; readonly message: unknown }[];
  /** Schema violations seen so far (empty when all traffic matched the v6.14.0 schemas). */
  readonly schemaErrors: readonly string[];
  /** Answers the next request of `method` with this error (once). */
  failNext(method: string, error: OgmiosErrorReply): void;
  /** Closes every open WebSocket (the server keeps accepting new ones). */
  dropConnections(): void;
  /** Number of WebSocket connections accepted so far. */
  readonly connections: number;
  /** Stops the server and closes every connection. */
  close(): Promise<void>;
}

/** JSON-RPC method → schema name of its request (the response schema adds `Response`). */
const SCHEMAS: Readonly<Record<string, string>> = {
  'queryLedgerState/epoch': 'QueryLedgerStateEpoch',
  'queryLedgerState/tip': 'QueryLedgerStateTip',
  'queryLedgerState/stakePools': 'QueryLedgerStateStakePools',
  'queryLedgerState/liveStakeDistribution': 'QueryLedgerStateLiveStakeDistribution',
  'queryNetwork/tip': 'QueryNetworkTip',
  'queryNetwork/blockHeight': 'QueryNetworkBlockHeight',
  'queryNetwork/genesisConfiguration': 'QueryNetworkGenesisConfiguration',
};

function shelleyGenesis(options: OgmiosStandinOptions): Record<string, unknown> {
  return {
    era: 'shelley',
    startTime: '2026-01-01T00:00:00Z',
    networkMagic: options.networkMagic ?? 42,
    network: 'testnet',
    activeSlotsCoefficient: '1/10',
    securityParameter: options.securityParameter ?? 10,
    epochLength: options.epochLength ?? 500,
    slotsPerKesPeriod: options.slotsPerKesPeriod ?? 129600,
    maxKesEvolutions: 62,
    slotLength: { milliseconds: 100 },
    updateQuorum: 2,
    maxLovelaceSupply: 45_000_000_000_000_000n,
    initialParameters: {
      minFeeCoefficient: 44,
      minFeeConstant: { ada: { lovelace: 155381 } },
      minUtxoDepositCoefficient: 0,
      minUtxoDepositConstant: { ada: { lovelace: 1000000 } },
      maxBlockBodySize: { bytes: 65536 },
      maxBlockHeaderSize: { bytes: 1100 },
      stakeCredentialDeposit: { ada: { lovelace: 2000000 } },
      stakePoolDeposit: { ada: { lovelace: 500000000 } },
      stakePoolRetirementEpochBound: 18,
      stakePoolPledgeInfluence: '3/10',
      minStakePoolCost: { ada: { lovelace: 340000000 } },
      monetaryExpansion: '3/1000',
      treasuryExpansion: '1/5',
      desiredNumberOfStakePools: 500,
      version: { major: 10, minor: 0 },
    },
    initialDelegates: [],
    initialFunds: {},
    initialStakePools: { stakePools: {}, delegators: {} },
  };
}

function stakePoolsResult(stakes: ReadonlyMap<string, bigint>, params: Record<string, unknown> | undefined): Record<string, unknown> {
  const filter = Array.isArray(params?.stakePools) ? new Set((params.stakePools as { id: string }[]).map((p) => p.id)) : undefined;
  const withStake = params?.includeStake === true;
  const out: Record<string, unknown> = {};
  for (const [id, stake] of stakes) {
    if (filter !== undefined && !filter.has(id)) continue;
    out[id] = withStake ? { id, stake: { ada: { lovelace: stake } } } : { id };
  }
  return out;
}

function liveStakeResult(stakes: ReadonlyMap<string, bigint>): Record<string, unknown> {
  const total = [...stakes.values()].reduce((a, b) => a + b, 0n);
  const out: Record<string, unknown> = {};
  for (const [id, stake] of stakes) out[id] = { stake: `${stake}/${total === 0n ? 1n : total}`, vrf: '00'.repeat(32) };
  return out;
}

/**
 * Starts a stand-in Ogmios v6 server on 127.0.0.1 port 0: `GET /health`, and JSON-RPC over WebSocket on the same
 * port for the queries a chain observer uses (`queryLedgerState/epoch|tip|stakePools|liveStakeDistribution`,
 * `queryNetwork/tip|blockHeight|genesisConfiguration` for the Shelley era). Unknown methods get `-32601`.
 *
 * @param options - the chain state and the genesis values
 * @returns the running stand-in; call `close()` when done
 * @example
 * const ogmios = await startOgmiosStandin({ state: () => ({ epoch: 3n, slot: 1500n, blockHeight: 80n, blockHash: 'ab'.repeat(32), stakes }) });
 * await ogmios.close();
 */
export async function startOgmiosStandin(options: OgmiosStandinOptions): Promise<OgmiosStandin> {
  const schemas = loadOgmiosSchemas();
  const traffic: { direction: 'in' | 'out'; schema: string; message: unknown }[] = [];
  const schemaErrors: string[] = [];
  const failures = new Map<string, OgmiosErrorReply[]>();
  const sockets = new Set<WebSocket>();
  let connections = 0;

  const record = (direction: 'in' | 'out', schema: string, message: unknown): void => {
    traffic.push({ direction, schema, message });
    const errors = schemas.check(schema, message);
    if (errors !== undefined) schemaErrors.push(`${direction} ${schema}: ${errors.join('; ')}`);
  };

  const answer = (request: Record<string, unknown>): { schema: string; reply: Record<string, unknown> } => {
    const method = request.method as string;
    const base = { jsonrpc: '2.0', method, ...(request.id !== undefined ? { id: request.id } : {}) };
    const name = SCHEMAS[method];
    if (name === undefined) {
      const reply: Record<string, unknown> = { jsonrpc: '2.0', error: { code: -32601, message: `Unknown method ${method}` } };
      if (request.id !== undefined) reply.id = request.id;
      return { schema: 'RpcError', reply };
    }
    const failure = failures.get(method)?.shift();
    if (failure !== undefined) {
      const error = failure.data !== undefined ? failure : { code: failure.code, message: failure.message };
      return { schema: `${name}Response`, reply: { ...base, error } };
    }
    const state = options.state();
    const params = request.params as Record<string, unknown> | undefined;
    const point = { slot: state.slot, id: state.blockHash };
    let result: unknown;
    switch (method) {
      case 'queryLedgerState/epoch':
        result = state.epoch;
        break;
      case 'queryLedgerState/tip':
      case 'queryNetwork/tip':
        result = point;
        break;
      case 'queryNetwork/blockHeight':
        result = state.blockHeight;
        break;
      case 'queryLedgerState/stakePools':
        result = stakePoolsResult(state.stakes, params);
        break;
      case 'queryLedgerState/liveStakeDistribution':
        result = liveStakeResult(state.stakes);
        break;
      default:
        if (params?.era !== 'shelley') {
          return {
            schema: 'RpcError',
            reply: { jsonrpc: '2.0', error: { code: -32602, message: 'only the shelley genesis is served' }, id: request.id },
          };
        }
        result = shelleyGenesis(options);
    }
    return { schema: `${name}Response`, reply: { ...base, result } };
  };

  const server: Server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          startTime: '2026-01-01T00:00:00Z',
          lastKnownTip: { slot: Number(options.state().slot), id: options.state().blockHash, height: Number(options.state().blockHeight) },
          lastTipUpdate: new Date().toISOString(),
          networkSynchronization: 1,
          currentEra: options.era ?? 'conway',
          connectionStatus: 'connected',
          version: '6.14.0',
        }),
      );
      return;
    }
    res.writeHead(404).end();
  });
  const wss = new WebSocketServer({ server });
  wss.on('connection', (socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('message', (data) => {
      let request: Record<string, unknown>;
      try {
        request = JSON.parse(String(data)) as Record<string, unknown>;
      } catch {
        const reply = { jsonrpc: '2.0', error: { code: -32700, message: 'Invalid JSON' } };
        record('out', 'RpcError', reply);
        socket.send(JSON.stringify(reply));
        return;
      }
      const name = SCHEMAS[request.method as string];
      if (name !== undefined) record('in', name, request);
      else traffic.push({ direction: 'in', schema: 'unknown method', message: request });
      const { schema, reply } = answer(request);
      record('out', schema, reply);
      socket.send(toJsonText(reply));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    traffic,
    schemaErrors,
    get connections() {
      return connections;
    },
    failNext(method, error) {
      const queue = failures.get(method) ?? [];
      queue.push(error);
      failures.set(method, queue);
    },
    dropConnections() {
      for (const socket of sockets) socket.terminate();
    },
    async close() {
      for (const socket of sockets) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}
