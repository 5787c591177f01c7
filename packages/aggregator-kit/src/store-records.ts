/**
 * The records the aggregator stores. u64 values are decimal strings so that every driver (memory, fs, redis)
 * round-trips them exactly.
 */
import {
  artifactKindsOf,
  SIGNABLE_ENTITY_TYPES,
  type ArtifactKind,
  type ProtocolMessageParts,
  type ProtocolParameters,
  type SignableEntityTypeName,
} from './sdk.js';

export type { ArtifactKind } from './sdk.js';

/** Protocol parameters as stored. */
export interface ParametersRecord {
  readonly k: string;
  readonly m: string;
  readonly phiF: number;
}

/** Epoch settings stored under an epoch (nodes.md §2.1: registration configuration recorded under N+1). */
export interface EpochSettingsRecord {
  readonly epoch: string;
  readonly protocolParameters: ParametersRecord;
  readonly signedEntityTypes: readonly string[];
}

/** A signer registration stored under its recording epoch. */
export interface SignerRecord {
  readonly epoch: string;
  readonly partyId: string;
  readonly verificationKey: string;
  readonly verificationKeySignature?: string | undefined;
  readonly operationalCertificate?: string | undefined;
  readonly kesPeriod?: number | undefined;
  readonly stake: string;
  readonly registeredAt: string;
}

/** What the runner learned at its last epoch change; HTTP replicas read it. */
export interface TimePointRecord {
  readonly epoch: string;
  readonly immutableFileNumber: string;
  readonly cardanoEra: string;
  readonly totalCardanoSpo: number;
  readonly totalCardanoStake: string;
}

/** An open message (nodes.md §2.4). */
export interface OpenMessageRecord {
  readonly key: string;
  readonly type: SignableEntityTypeName | 'CardanoDatabase' | 'CardanoImmutableFilesFull' | 'CardanoTransactions';
  /** Beacon epoch of the signed entity type (the immutable file number of a Cardano database beacon is in the key). */
  readonly beacon: string;
  /** Epoch during which it is signed. */
  readonly epoch: string;
  readonly parts: ProtocolMessageParts;
  readonly signedMessage: string;
  readonly createdAt: string;
  readonly createdAtNanos: string;
  readonly expiresAtNanos: string;
  readonly isCertified: boolean;
  readonly isExpired: boolean;
  /** Hash of the certificate that certified it (set with `isCertified`; absent in stores written before). */
  readonly certificateHash?: string | undefined;
}

/** A single signature stored for an open message, or buffered for a type. */
export interface SignatureRecord {
  readonly partyId: string;
  readonly signature: string;
  readonly indexes: readonly number[];
  readonly signedMessage: string;
  readonly type: string;
  readonly beacon: string;
  readonly receivedAtNanos: string;
}

/** A served document (certificate or artifact) kept as its exact JSON text. */
export interface DocumentRecord {
  readonly json: string;
  readonly epoch: string;
  readonly hash: string;
}

/** Runner state that survives restarts. */
export interface RunnerStateRecord {
  readonly state: 'idle' | 'ready' | 'signing' | 'blocked';
  readonly epoch?: string | undefined;
  readonly openMessageKey?: string | undefined;
  readonly blockedReason?: string | undefined;
}

/** The artifact kinds the kit builds (those of the signed entity types it can sign); migration walks them all. */
export const ARTIFACT_KINDS: readonly ArtifactKind[] = Object.freeze(
  SIGNABLE_ENTITY_TYPES.flatMap((name) => artifactKindsOf(name).map((d) => d.kind)),
);

/**
 * Converts protocol parameters to their stored form.
 *
 * @param p - the parameters
 * @returns the record
 * @example
 * parametersToRecord({ k: 5n, m: 50n, phiF: 0.65 }); // { k: '5', m: '50', phiF: 0.65 }
 */
export function parametersToRecord(p: ProtocolParameters): ParametersRecord {
  return { k: p.k.toString(), m: p.m.toString(), phiF: p.phiF };
}

/**
 * Converts stored protocol parameters back.
 *
 * @param r - the record
 * @returns the parameters
 * @example
 * parametersFromRecord({ k: '5', m: '50', phiF: 0.65 }); // { k: 5n, m: 50n, phiF: 0.65 }
 */
export function parametersFromRecord(r: ParametersRecord): ProtocolParameters {
  return { k: BigInt(r.k), m: BigInt(r.m), phiF: r.phiF };
}
