/**
 * Stake-distribution messages of the aggregator API (nodes.md §1.4): the Mithril stake distribution (signers with
 * their stakes and the protocol parameters) and the Cardano stake distribution (pool id → stake), with their list
 * items. Unknown fields are dropped.
 */
import * as v from 'valibot';
import { signerEntries, toSigner, type Signer } from '../certificate/aggregator-messages.js';
import type { Timestamp } from '../certificate/timestamp.js';
import type { ProtocolParameters } from '../certificate/types.js';
import { mapOf, parseMessage, protocolParametersSchema, timestampSchema, u64Schema } from '../certificate/wire.js';

/** A signer of a Mithril stake distribution: a registered signer plus its stake. */
export interface SignerWithStake extends Signer {
  readonly stake: bigint;
}

/** `GET /artifact/mithril-stake-distribution/{hash}`. */
export interface MithrilStakeDistribution {
  readonly epoch: bigint;
  readonly hash: string;
  readonly certificateHash: string;
  /** In the received order. */
  readonly signers: readonly SignerWithStake[];
  readonly createdAt: Timestamp;
  readonly protocolParameters: ProtocolParameters;
}

/** An item of `GET /artifact/mithril-stake-distributions` (or of the Cardano stake distribution list). */
export interface StakeDistributionListItem {
  readonly epoch: bigint;
  readonly hash: string;
  readonly certificateHash: string;
  readonly createdAt: Timestamp;
}

/** `GET /artifact/cardano-stake-distribution/{hash}`. */
export interface CardanoStakeDistribution {
  readonly epoch: bigint;
  readonly hash: string;
  readonly certificateHash: string;
  /** Pool id (bech32) → stake in lovelace, in the received order. */
  readonly stakeDistribution: ReadonlyMap<string, bigint>;
  readonly createdAt: Timestamp;
}

const signerWithStakeSchema = v.pipe(
  v.object({ ...signerEntries, stake: u64Schema }),
  v.transform((s): SignerWithStake => ({ ...toSigner(s), stake: s.stake })),
);

const listItemSchema = v.pipe(
  v.object({ epoch: u64Schema, hash: v.string(), certificate_hash: v.string(), created_at: timestampSchema }),
  v.transform((m): StakeDistributionListItem => ({ epoch: m.epoch, hash: m.hash, certificateHash: m.certificate_hash, createdAt: m.created_at })),
);

const msdSchema = v.pipe(
  v.object({
    epoch: u64Schema,
    hash: v.string(),
    certificate_hash: v.string(),
    signers: v.array(signerWithStakeSchema),
    created_at: timestampSchema,
    protocol_parameters: protocolParametersSchema,
  }),
  v.transform(
    (m): MithrilStakeDistribution => ({
      epoch: m.epoch,
      hash: m.hash,
      certificateHash: m.certificate_hash,
      signers: m.signers,
      createdAt: m.created_at,
      protocolParameters: m.protocol_parameters,
    }),
  ),
);

const csdSchema = v.pipe(
  v.object({
    epoch: u64Schema,
    hash: v.string(),
    certificate_hash: v.string(),
    stake_distribution: mapOf(v.string(), u64Schema),
    created_at: timestampSchema,
  }),
  v.transform(
    (m): CardanoStakeDistribution => ({
      epoch: m.epoch,
      hash: m.hash,
      certificateHash: m.certificate_hash,
      stakeDistribution: new Map(Object.entries(m.stake_distribution)),
      createdAt: m.created_at,
    }),
  ),
);

/**
 * Parses a Mithril stake distribution.
 *
 * @param input - JSON text (parsed losslessly) or parsed value
 * @returns the typed artifact
 * @throws {CertificateError} `MESSAGE_INVALID` naming the field
 *
 * @example
 * const msd = parseMithrilStakeDistribution(await (await fetch(`${endpoint}/artifact/mithril-stake-distribution/${hash}`)).text());
 */
export function parseMithrilStakeDistribution(input: unknown): MithrilStakeDistribution {
  return parseMessage(msdSchema, input, 'mithril_stake_distribution');
}

/**
 * Parses the Mithril stake distribution list.
 *
 * @param input - JSON text or parsed array
 * @returns the list items
 * @throws {CertificateError} `MESSAGE_INVALID` naming the item and field
 *
 * @example
 * const [latest] = parseMithrilStakeDistributionList(await (await fetch(`${endpoint}/artifact/mithril-stake-distributions`)).text());
 */
export function parseMithrilStakeDistributionList(input: unknown): StakeDistributionListItem[] {
  return parseMessage(v.array(listItemSchema), input, 'mithril_stake_distribution_list');
}

/**
 * Parses a Cardano stake distribution.
 *
 * @param input - JSON text (parsed losslessly) or parsed value
 * @returns the typed artifact
 * @throws {CertificateError} `MESSAGE_INVALID` naming the field
 *
 * @example
 * const csd = parseCardanoStakeDistribution(text);
 * csd.stakeDistribution.get('pool1…') // bigint lovelace
 */
export function parseCardanoStakeDistribution(input: unknown): CardanoStakeDistribution {
  return parseMessage(csdSchema, input, 'cardano_stake_distribution');
}

/**
 * Parses the Cardano stake distribution list.
 *
 * @param input - JSON text or parsed array
 * @returns the list items
 * @throws {CertificateError} `MESSAGE_INVALID` naming the item and field
 *
 * @example
 * const [latest] = parseCardanoStakeDistributionList(await (await fetch(`${endpoint}/artifact/cardano-stake-distributions`)).text());
 */
export function parseCardanoStakeDistributionList(input: unknown): StakeDistributionListItem[] {
  return parseMessage(v.array(listItemSchema), input, 'cardano_stake_distribution_list');
}
