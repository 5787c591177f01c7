export { createAggregator, type Aggregator } from './aggregator.js';
export type { AggregatorConfig } from './config.js';
export { AGGREGATOR_ERROR_CODES, AggregatorError, type AggregatorErrorCode } from './errors.js';
export type { AggregatorRunner, RunnerStartOptions } from './runner.js';
export { RUNNER_STATUS_HEADERS } from './routes/root.js';
export { boundStorage, rateLimited, type BoundedStorageOptions } from './storage/bounded.js';
export type { GenesisPayload } from './steps/genesis.js';
export type { Clock } from './time.js';
export type { AggregatorEvents, AggregatorOptions, GenesisOptions, RunnerStateName, SignerRegistrationRequest } from './types.js';
export type { SignatureCheck, SignatureVerifier, VerificationMode, VerificationOptions, VerificationStats } from './verifier.js';
export { createInlineVerifier } from './verifiers/inline.js';
export { createBatchVerifier, type BatchVerifierOptions } from './verifiers/batch.js';
export type { VerifierCryptoOptions } from './verifiers/crypto.js';
export type {
  AncillarySigner,
  ArtifactUploader,
  CardanoDbArtifacts,
  CardanoDbBuild,
  CardanoDbBuildRequest,
  LegacySnapshotBuild,
  ServedFile,
  UploadKind,
} from './cardano-db/ports.js';
export {
  AGGREGATOR_SIGNED_ENTITY_TYPES,
  type AggregatorSignedEntityTypeName,
  type CardanoDatabaseSignedEntityType,
  type CardanoDbSource,
} from './cardano-db/source.js';
export {
  ANCILLARY_MANIFEST_FILE_NAME,
  ancillaryArchiveName,
  ancillaryManifestJson,
  ancillaryManifestMessage,
  digestsNames,
  immutableArchiveName,
  immutablesTemplate,
  legacySnapshotNames,
  type CompressionAlgorithm,
} from './cardano-db/names.js';
export {
  CARDANO_TRANSACTIONS_MAX_HASHES_PER_REQUEST,
  cardanoTransactionsBlockNumberToSign,
  DEFAULT_CARDANO_TRANSACTIONS_SIGNING_CONFIG,
  type CardanoTransactionsSigningConfig,
  type CardanoTransactionsSource,
  type ImportedTransaction,
} from './cardano-transactions/source.js';
export { cardanoTransactionsSnapshotId } from './cardano-transactions/snapshots.js';
