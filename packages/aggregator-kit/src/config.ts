/**
 * The aggregator's configuration: {@link AggregatorOptions} resolved once, defaults applied, frozen. Steps read this
 * and never the raw options.
 */
import { DEFAULT_BODY_LIMIT } from '@mithril/kit-core';
import type { CardanoDbArtifacts } from './cardano-db/ports.js';
import {
  CARDANO_TRANSACTIONS_MAX_HASHES_PER_REQUEST,
  DEFAULT_CARDANO_TRANSACTIONS_SIGNING_CONFIG,
  type CardanoTransactionsSigningConfig,
  type CardanoTransactionsSource,
} from './cardano-transactions/source.js';
import {
  AGGREGATOR_SIGNED_ENTITY_TYPES,
  CARDANO_DATABASE_OPEN_MESSAGE_TIMEOUT_SECONDS,
  type AggregatorSignedEntityTypeName,
} from './cardano-db/source.js';
import { AggregatorError } from './errors.js';
import {
  genesisVerificationKeyFromSecret,
  parseGenesisVerificationKey,
  SIGNABLE_ENTITY_TYPES,
  type ProtocolParameters,
  type TimePoint,
} from './sdk.js';
import { signableBehaviour } from './signable.js';
import type { AggregatorOptions } from './types.js';

/** Version written in certificate metadata. */
const PROTOCOL_VERSION = '0.1.0';

/** The resolved, frozen configuration of one aggregator. */
export interface AggregatorConfig {
  /** Cardano network written in certificates and `/status`. */
  readonly network: string;
  /** Signed entity types certified, in the reference enum order (MSD always first). */
  readonly signedEntityTypes: readonly AggregatorSignedEntityTypeName[];
  /** Open-message timeout in seconds for each type. */
  readonly openMessageTimeouts: Readonly<Record<AggregatorSignedEntityTypeName, number>>;
  /** Protocol parameters configured for an epoch. */
  readonly protocolParameters: (epoch: bigint) => ProtocolParameters;
  /** Genesis verification key in its JSON-hex form, as configured. */
  readonly genesisVerificationKey: string;
  /** Decoded genesis verification key. */
  readonly genesisKey: Uint8Array;
  /** Devnet genesis signing key, when the runner bootstraps the genesis itself. */
  readonly genesisSigningKey: Uint8Array | string | undefined;
  readonly basePath: string;
  readonly bodyLimit: number;
  readonly documentationUrl: string;
  readonly cardanoEra: string;
  readonly cardanoNodeVersion: string;
  readonly aggregatorNodeVersion: string;
  /** Version written in certificate metadata. */
  readonly protocolVersion: string;
  readonly verifyNewCertificates: boolean;
  readonly verifyChainAtEpochChange: boolean;
  readonly verifySignerRegistration: AggregatorOptions['verifySignerRegistration'];
  /** Whether registrations must carry an opcert and a KES signature (default: when the network is not `devnet`). */
  readonly requireSignerCertification: boolean;
  readonly checkEra: ((timePoint: TimePoint) => Promise<void>) | undefined;
  readonly onUnexpectedError: ((error: unknown) => void) | undefined;
  /** Builder of the Cardano database artifacts, when configured. */
  readonly cardanoDatabase: CardanoDbArtifacts | undefined;
  /** Where CardanoTransactions are signed from, its signing configuration and the proof routes' hash limit. */
  readonly cardanoTransactions:
    | {
        readonly source: CardanoTransactionsSource;
        readonly signingConfig: CardanoTransactionsSigningConfig;
        readonly maxHashesPerRequest: number;
      }
    | undefined;
}

/**
 * Resolves aggregator options into a frozen configuration.
 *
 * @param options - the options given to `createAggregator`
 * @returns the configuration, defaults applied
 * @throws {MithrilError} `GENESIS_VERIFICATION_KEY_INVALID` when the genesis key cannot be decoded or does not match the
 *   signing key
 * @example
 * const config = resolveConfig({ chain, protocolParameters: { k: 5n, m: 50n, phiF: 0.65 }, genesis: { verificationKey } });
 * config.bodyLimit; // 262144
 */
export function resolveConfig(options: AggregatorOptions): AggregatorConfig {
  const genesisKey = parseGenesisVerificationKey(options.genesis.verificationKey);
  const signingKey = options.genesis.signingKey;
  if (signingKey !== undefined && genesisVerificationKeyFromSecret(signingKey) !== options.genesis.verificationKey.trim().toLowerCase()) {
    throw new AggregatorError('GENESIS_VERIFICATION_KEY_INVALID', 'the genesis signing key does not match the verification key', {
      field: 'genesis.signingKey',
    });
  }
  // CardanoDatabase is certified when asked for (or by default) and the aggregator has a database to sign it from.
  // The legacy CardanoImmutableFilesFull only when asked for and the source computes its digest.
  // CardanoTransactions likewise, when the aggregator has a transactions source.
  const source = options.cardanoDatabase?.source;
  const transactions = options.cardanoTransactions;
  const defaults = [
    ...SIGNABLE_ENTITY_TYPES,
    ...(source === undefined ? [] : ['CardanoDatabase']),
    ...(transactions === undefined ? [] : ['CardanoTransactions']),
  ];
  const wanted = new Set<string>(['MithrilStakeDistribution', ...(options.signedEntityTypes ?? defaults)]);
  if (source === undefined) wanted.delete('CardanoDatabase');
  if (transactions === undefined) wanted.delete('CardanoTransactions');
  const maxHashesPerRequest = transactions?.maxHashesPerRequest ?? CARDANO_TRANSACTIONS_MAX_HASHES_PER_REQUEST;
  if (!Number.isSafeInteger(maxHashesPerRequest) || maxHashesPerRequest < 1) {
    throw new AggregatorError('AGGREGATOR_INVALID_CONFIGURATION', 'must be a positive integer', { field: 'cardanoTransactions.maxHashesPerRequest' });
  }
  if (source?.snapshotDigest === undefined) wanted.delete('CardanoImmutableFilesFull');
  const parameters = options.protocolParameters;
  // Defaults are the reference's, from the signed entity type descriptors (nodes.md §2.4).
  const timeouts = Object.fromEntries([
    ...SIGNABLE_ENTITY_TYPES.map((name) => [name, options.openMessageTimeouts?.[name] ?? signableBehaviour(name).openMessageTimeoutSeconds]),
    ['CardanoDatabase', options.openMessageTimeouts?.CardanoDatabase ?? CARDANO_DATABASE_OPEN_MESSAGE_TIMEOUT_SECONDS],
    ['CardanoImmutableFilesFull', options.openMessageTimeouts?.CardanoImmutableFilesFull ?? CARDANO_DATABASE_OPEN_MESSAGE_TIMEOUT_SECONDS],
    ['CardanoTransactions', options.openMessageTimeouts?.CardanoTransactions ?? CARDANO_DATABASE_OPEN_MESSAGE_TIMEOUT_SECONDS],
  ]) as Record<AggregatorSignedEntityTypeName, number>;
  return Object.freeze({
    network: options.network ?? options.chain.network,
    signedEntityTypes: Object.freeze(AGGREGATOR_SIGNED_ENTITY_TYPES.filter((t) => wanted.has(t))),
    openMessageTimeouts: Object.freeze(timeouts),
    protocolParameters: typeof parameters === 'function' ? parameters : () => parameters,
    genesisVerificationKey: options.genesis.verificationKey,
    genesisKey,
    genesisSigningKey: signingKey,
    basePath: options.basePath ?? '/aggregator',
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    documentationUrl: options.documentationUrl ?? 'https://mithril.network/doc',
    cardanoEra: options.cardanoEra ?? 'Conway',
    cardanoNodeVersion: options.cardanoNodeVersion ?? '10.5.1',
    aggregatorNodeVersion: options.aggregatorNodeVersion ?? '0.1.0',
    protocolVersion: PROTOCOL_VERSION,
    verifyNewCertificates: options.verifyNewCertificates !== false,
    verifyChainAtEpochChange: options.verifyChainAtEpochChange !== false,
    verifySignerRegistration: options.verifySignerRegistration,
    requireSignerCertification: options.requireSignerCertification ?? (options.network ?? options.chain.network) !== 'devnet',
    checkEra: options.checkEra,
    onUnexpectedError: options.onUnexpectedError,
    cardanoDatabase: options.cardanoDatabase,
    cardanoTransactions:
      transactions === undefined
        ? undefined
        : Object.freeze({
            source: transactions.source,
            signingConfig: transactions.signingConfig ?? DEFAULT_CARDANO_TRANSACTIONS_SIGNING_CONFIG,
            maxHashesPerRequest,
          }),
  });
}
