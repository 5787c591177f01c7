import mitt from 'mitt';
import { parseGenesisVerificationKey } from '../certificate/genesis.js';
import { DEFAULT_MAX_CHAIN_LENGTH } from '../certificate/chain-walk.js';
import { createStmMultiSignatureVerifier } from '../certificate/multi-signature-verifier.js';
import { createStmVerificationCache } from '../stm/cache.js';
import { isMithrilError } from '../errors.js';
import { bytesToHex } from '../utils/bytes.js';
import { createCertificateChainCache } from './cache.js';
import {
  getCertificate,
  getGenesisCertificate,
  listCertificates,
  verifyCertificateChain,
  type VerifyCertificateChainParameters,
  type VerifyCertificateChainResult,
} from './certificates.js';
import { ClientError } from './errors.js';
import type { MithrilClientEvents } from './events.js';
import { createHttpTransport } from './http.js';
import {
  getCardanoStakeDistribution,
  getCardanoStakeDistributionByEpoch,
  getMithrilStakeDistribution,
  listCardanoStakeDistributions,
  listMithrilStakeDistributions,
  verifyCardanoStakeDistribution,
  verifyMithrilStakeDistribution,
  type VerifyCardanoStakeDistributionParameters,
  type VerifiedCardanoStakeDistribution,
  type VerifiedMithrilStakeDistribution,
  type VerifyMithrilStakeDistributionParameters,
} from './stake-distributions.js';
import type { EpochSelector } from './artifacts.js';
import {
  certifyCardanoBlocks,
  certifyCardanoTransactions,
  getCardanoBlocksTransactionsSnapshot,
  getCardanoTransactionsSnapshot,
  listCardanoBlocksTransactionsSnapshots,
  listCardanoTransactionsSnapshots,
  type CertifyCardanoBlocksParameters,
  type CertifyCardanoTransactionsParameters,
  type CertifyHashesResult,
} from './cardano-transactions.js';
import type { CardanoBlocksTransactionsSnapshot, CardanoTransactionsSnapshot } from '../proofs/snapshots.js';
import type { ActionOptions, MithrilClientBase, MithrilClientOptions } from './types.js';
import type { Certificate, CertificateListItem } from '../certificate/types.js';
import type {
  CardanoStakeDistribution,
  CardanoStakeDistributionListItem,
  MithrilStakeDistribution,
  MithrilStakeDistributionListItem,
} from './artifact-types.js';

/**
 * Default number of certificates fetched ahead of the chain verifier.
 *
 * @example
 * DEFAULT_PREFETCH // 4 certificates fetched ahead of the verifier
 */
export const DEFAULT_PREFETCH = 4;

/**
 * A client with every action bound (viem-style decorated client).
 *
 * @example
 * const client: MithrilClient = createMithrilClient({ aggregatorEndpoint, genesisVerificationKey });
 * const { genesisHash } = await client.verifyCertificateChain({ hash });
 */
export interface MithrilClient extends MithrilClientBase {
  getCertificate(hash: string, options?: ActionOptions): Promise<Certificate>;
  getGenesisCertificate(options?: ActionOptions): Promise<Certificate>;
  listCertificates(options?: ActionOptions): Promise<CertificateListItem[]>;
  verifyCertificateChain(parameters: VerifyCertificateChainParameters): Promise<VerifyCertificateChainResult>;
  listMithrilStakeDistributions(options?: ActionOptions): Promise<MithrilStakeDistributionListItem[]>;
  getMithrilStakeDistribution(hash: string, options?: ActionOptions): Promise<MithrilStakeDistribution>;
  verifyMithrilStakeDistribution(parameters: VerifyMithrilStakeDistributionParameters): Promise<VerifiedMithrilStakeDistribution>;
  listCardanoStakeDistributions(options?: ActionOptions): Promise<CardanoStakeDistributionListItem[]>;
  getCardanoStakeDistribution(hash: string, options?: ActionOptions): Promise<CardanoStakeDistribution>;
  getCardanoStakeDistributionByEpoch(epoch: EpochSelector, options?: ActionOptions): Promise<CardanoStakeDistribution>;
  verifyCardanoStakeDistribution(parameters: VerifyCardanoStakeDistributionParameters): Promise<VerifiedCardanoStakeDistribution>;
  /** Removes this client's verified-chain cache entries (no-op without a cache). */
  /** Lists the Cardano transactions snapshots. */
  listCardanoTransactionsSnapshots(options?: ActionOptions): Promise<CardanoTransactionsSnapshot[]>;
  /** Gets a Cardano transactions snapshot by hash. */
  getCardanoTransactionsSnapshot(hash: string, options?: ActionOptions): Promise<CardanoTransactionsSnapshot>;
  /** Lists the Cardano blocks-and-transactions snapshots. */
  listCardanoBlocksTransactionsSnapshots(options?: ActionOptions): Promise<CardanoBlocksTransactionsSnapshot[]>;
  /** Gets a Cardano blocks-and-transactions snapshot by hash. */
  getCardanoBlocksTransactionsSnapshot(hash: string, options?: ActionOptions): Promise<CardanoBlocksTransactionsSnapshot>;
  /** Certifies transaction hashes through their proofs and a verified certificate chain. */
  certifyCardanoTransactions(parameters: CertifyCardanoTransactionsParameters): Promise<CertifyHashesResult>;
  /** Certifies block hashes through their proofs and a verified certificate chain. */
  certifyCardanoBlocks(parameters: CertifyCardanoBlocksParameters): Promise<CertifyHashesResult>;
  clearCertificateCache(): Promise<void>;
}

function defaultRandomId(): string {
  const c = globalThis.crypto as Crypto | undefined;
  if (c?.randomUUID === undefined) {
    throw new ClientError('CLIENT_INVALID_OPTIONS', 'crypto.randomUUID is unavailable; pass randomId', { field: 'randomId' });
  }
  return c.randomUUID();
}

function positiveInteger(value: number | undefined, fallback: number, field: string, min: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < min) {
    throw new ClientError('CLIENT_INVALID_OPTIONS', `expected an integer ≥ ${min}`, { field });
  }
  return value;
}

/**
 * Creates an aggregator client: HTTP transport (ky), progress events (mitt), optional verified-chain cache, and every
 * action bound to it. The genesis verification key is decoded once, here.
 *
 * @param options - endpoint, genesis key (JSON-hex), origin tag, fetch, signal, cache storage, tuning
 * @returns the client
 * @throws {CertificateError} `GENESIS_VERIFICATION_KEY_INVALID` when the key does not decode
 * @throws {ClientError} `CLIENT_INVALID_OPTIONS` on a bad endpoint or numeric option
 * @example
 * const client = createMithrilClient({ aggregatorEndpoint, genesisVerificationKey, cache: createStorage() });
 * client.events.on('CertificateValidated', (e) => console.log(e.certificateHash));
 * const { certificate } = await client.verifyCertificateChain({ hash });
 */
export function createMithrilClient(options: MithrilClientOptions): MithrilClient {
  let genesisKey: Uint8Array | undefined;
  if (options.genesisVerificationKey !== undefined) {
    try {
      genesisKey = parseGenesisVerificationKey(options.genesisVerificationKey);
    } catch (error) {
      if (isMithrilError(error)) throw error;
      throw new ClientError('CLIENT_INVALID_OPTIONS', 'invalid genesis verification key', { field: 'genesisVerificationKey', cause: error });
    }
  }
  const events = mitt<MithrilClientEvents>();
  const http = createHttpTransport({
    aggregatorEndpoint: options.aggregatorEndpoint,
    ...(options.fetch !== undefined && { fetch: options.fetch }),
    ...(options.origin !== undefined && { origin: options.origin }),
    ...(options.clientType !== undefined && { clientType: options.clientType }),
    ...(options.headers !== undefined && { headers: options.headers }),
    ...(options.timeout !== undefined && { timeout: options.timeout }),
    ...(options.retry !== undefined && { retry: options.retry }),
    ...(options.signal !== undefined && { signal: options.signal }),
    ...(options.logger !== undefined && { logger: options.logger }),
    onServerApiVersionNewer: (serverVersion, clientVersion) => events.emit('ServerApiVersionNewer', { serverVersion, clientVersion }),
  });
  const cache =
    options.cache === undefined || genesisKey === undefined
      ? undefined
      : createCertificateChainCache({
          storage: options.cache,
          aggregatorEndpoint: http.aggregatorEndpoint,
          genesisVerificationKeyHex: bytesToHex(genesisKey),
          ...(options.cacheTtlSeconds !== undefined && { ttlSeconds: options.cacheTtlSeconds }),
          ...(options.now !== undefined && { now: options.now }),
        });
  const base: MithrilClientBase = {
    aggregatorEndpoint: http.aggregatorEndpoint,
    genesisKey,
    http,
    events,
    cache,
    signal: options.signal,
    prefetch: positiveInteger(options.prefetch, DEFAULT_PREFETCH, 'prefetch', 0),
    maxChainLength: positiveInteger(options.maxChainLength, DEFAULT_MAX_CHAIN_LENGTH, 'maxChainLength', 1),
    blsBackend: options.blsBackend,
    verifyMultiSignature:
      options.verifyMultiSignature ??
      createStmMultiSignatureVerifier({
        cache: createStmVerificationCache(),
        ...(options.blsBackend !== undefined && { backend: options.blsBackend }),
        ...(options.lotteryHasher !== undefined && { lotteryHasher: options.lotteryHasher }),
      }),
    randomId: options.randomId ?? defaultRandomId,
  };
  return {
    ...base,
    getCertificate: (hash, o) => getCertificate(base, hash, o),
    getGenesisCertificate: (o) => getGenesisCertificate(base, o),
    listCertificates: (o) => listCertificates(base, o),
    verifyCertificateChain: (p) => verifyCertificateChain(base, p),
    listMithrilStakeDistributions: (o) => listMithrilStakeDistributions(base, o),
    getMithrilStakeDistribution: (hash, o) => getMithrilStakeDistribution(base, hash, o),
    verifyMithrilStakeDistribution: (p) => verifyMithrilStakeDistribution(base, p),
    listCardanoStakeDistributions: (o) => listCardanoStakeDistributions(base, o),
    getCardanoStakeDistribution: (hash, o) => getCardanoStakeDistribution(base, hash, o),
    getCardanoStakeDistributionByEpoch: (epoch, o) => getCardanoStakeDistributionByEpoch(base, epoch, o),
    verifyCardanoStakeDistribution: (p) => verifyCardanoStakeDistribution(base, p),
    listCardanoTransactionsSnapshots: (o) => listCardanoTransactionsSnapshots(base, o),
    getCardanoTransactionsSnapshot: (hash, o) => getCardanoTransactionsSnapshot(base, hash, o),
    listCardanoBlocksTransactionsSnapshots: (o) => listCardanoBlocksTransactionsSnapshots(base, o),
    getCardanoBlocksTransactionsSnapshot: (hash, o) => getCardanoBlocksTransactionsSnapshot(base, hash, o),
    certifyCardanoTransactions: (p) => certifyCardanoTransactions(base, p),
    certifyCardanoBlocks: (p) => certifyCardanoBlocks(base, p),
    clearCertificateCache: async () => {
      await cache?.clear();
    },
  };
}
