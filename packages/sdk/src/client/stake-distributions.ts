/**
 * Mithril and Cardano stake-distribution actions: list, get, and verify against a verified certificate chain
 * (certificates.md §9.1, §9.2; nodes.md §9.2).
 */
import { ARTIFACT_KINDS } from '../artifacts/kinds.js';
import type { Certificate } from '../certificate/types.js';
import type {
  CardanoStakeDistribution,
  CardanoStakeDistributionListItem,
  MithrilStakeDistribution,
  MithrilStakeDistributionListItem,
} from './artifact-types.js';
import { getArtifact, getArtifactByEpoch, listArtifacts, verifyArtifact, type EpochSelector } from './artifacts.js';
import type { VerifyCertificateChainResult } from './certificates.js';
import { callSignal } from './internal.js';
import type { ActionOptions, MithrilClientBase } from './types.js';

const MSD = ARTIFACT_KINDS.msd;
const CSD = ARTIFACT_KINDS.csd;

/**
 * Lists the most recent Mithril stake distributions (`GET /artifact/mithril-stake-distributions`).
 *
 * @param client - the client
 * @param options - signal
 * @returns the list items (unverified)
 * @throws {ClientError} HTTP codes
 * @throws {ArtifactError} `ARTIFACT_INVALID` / {@link MithrilError} `MESSAGE_INVALID` on a malformed body
 *
 * @example
 * const [latest] = await listMithrilStakeDistributions(client);
 */
export async function listMithrilStakeDistributions(client: MithrilClientBase, options?: ActionOptions): Promise<MithrilStakeDistributionListItem[]> {
  return listArtifacts(client, MSD, options);
}

/**
 * Fetches a Mithril stake distribution by hash (`GET /artifact/mithril-stake-distribution/{hash}`), unverified.
 *
 * @param client - the client
 * @param hash - artifact hash (64 lowercase hex)
 * @param options - signal
 * @returns the artifact
 * @throws {ClientError} `CLIENT_NOT_FOUND` and the other HTTP codes
 *
 * @example
 * const msd = await getMithrilStakeDistribution(client, hash); // parsed, not verified: see verifyMithrilStakeDistribution
 */
export async function getMithrilStakeDistribution(
  client: MithrilClientBase,
  hash: string,
  options?: ActionOptions,
): Promise<MithrilStakeDistribution> {
  return getArtifact(client, MSD, hash, options);
}

/**
 * What to verify: an artifact hash to fetch, or an artifact already fetched.
 *
 * @example
 * await client.verifyMithrilStakeDistribution({ hash: msd.hash });
 */
export type VerifyMithrilStakeDistributionParameters = ActionOptions &
  ({ readonly hash: string; readonly artifact?: undefined } | { readonly artifact: MithrilStakeDistribution; readonly hash?: undefined });

/**
 * A Mithril stake distribution bound to its verified certificate.
 *
 * @example
 * const { artifact, certificate } = await client.verifyMithrilStakeDistribution({ hash });
 * artifact.signers.map((s) => s.partyId) // the signers certified for the epoch
 */
export interface VerifiedMithrilStakeDistribution {
  readonly artifact: MithrilStakeDistribution;
  /** The verified certificate that signs the artifact. */
  readonly certificate: Certificate;
  /** Details of the chain verification. */
  readonly chain: VerifyCertificateChainResult;
}

/**
 * Fetches (when given a hash) a Mithril stake distribution, verifies the certificate chain of its
 * `certificate_hash` to genesis, then checks that the certificate signs the AVK recomputed from the artifact's
 * signers (certificates.md §9.1).
 *
 * @param client - the client
 * @param parameters - `hash` or `artifact`, optional `signal`
 * @returns the artifact with its verified certificate
 * @throws {CertificateError} chain-verification codes
 * @throws {ArtifactError} `ARTIFACT_MESSAGE_MISMATCH`, `ARTIFACT_SIGNED_ENTITY_TYPE_MISMATCH`, `ARTIFACT_INVALID`
 * @throws {ClientError} HTTP codes, `CLIENT_ABORTED`
 * @example
 * const { artifact, certificate } = await verifyMithrilStakeDistribution(client, { hash });
 */
export async function verifyMithrilStakeDistribution(
  client: MithrilClientBase,
  parameters: VerifyMithrilStakeDistributionParameters,
): Promise<VerifiedMithrilStakeDistribution> {
  const signal = callSignal(client, parameters);
  const artifact = parameters.artifact ?? (await getMithrilStakeDistribution(client, parameters.hash as string, { signal }));
  return verifyArtifact(client, MSD, artifact, undefined, { signal });
}

/**
 * Lists the most recent Cardano stake distributions (`GET /artifact/cardano-stake-distributions`).
 *
 * @param client - the client
 * @param options - signal
 * @returns the list items (unverified)
 * @throws {ClientError} HTTP codes
 *
 * @example
 * const [latest] = await listCardanoStakeDistributions(client);
 */
export async function listCardanoStakeDistributions(client: MithrilClientBase, options?: ActionOptions): Promise<CardanoStakeDistributionListItem[]> {
  return listArtifacts(client, CSD, options);
}

/**
 * Fetches a Cardano stake distribution by hash (`GET /artifact/cardano-stake-distribution/{hash}`), unverified.
 *
 * @param client - the client
 * @param hash - artifact hash (64 lowercase hex)
 * @param options - signal
 * @returns the artifact
 * @throws {ClientError} `CLIENT_NOT_FOUND` and the other HTTP codes
 *
 * @example
 * const csd = await getCardanoStakeDistribution(client, hash); // parsed, not verified
 */
export async function getCardanoStakeDistribution(
  client: MithrilClientBase,
  hash: string,
  options?: ActionOptions,
): Promise<CardanoStakeDistribution> {
  return getArtifact(client, CSD, hash, options);
}

/**
 * Fetches the Cardano stake distribution of an epoch (`GET /artifact/cardano-stake-distribution/epoch/{epoch}`),
 * unverified.
 *
 * @param client - the client
 * @param epoch - an epoch number, `latest` or `latest-N`
 * @param options - signal
 * @returns the artifact
 * @throws {ClientError} `CLIENT_NOT_FOUND`, `CLIENT_HTTP_ERROR` (400 for an offset above 5), `CLIENT_INVALID_OPTIONS`
 *
 * @example
 * const csd = await getCardanoStakeDistributionByEpoch(client, 'latest-1'); // or an epoch number, or 'latest'
 */
export async function getCardanoStakeDistributionByEpoch(
  client: MithrilClientBase,
  epoch: EpochSelector,
  options?: ActionOptions,
): Promise<CardanoStakeDistribution> {
  return getArtifactByEpoch(client, CSD, epoch, options);
}

/**
 * What to verify: an artifact hash, an epoch, or an artifact already fetched.
 *
 * @example
 * await client.verifyCardanoStakeDistribution({ epoch: 'latest' }); // or { hash }, or { artifact }
 */
export type VerifyCardanoStakeDistributionParameters = ActionOptions &
  (
    | { readonly hash: string; readonly epoch?: undefined; readonly artifact?: undefined }
    | { readonly epoch: EpochSelector; readonly hash?: undefined; readonly artifact?: undefined }
    | { readonly artifact: CardanoStakeDistribution; readonly hash?: undefined; readonly epoch?: undefined }
  );

/**
 * A Cardano stake distribution bound to its verified certificate.
 *
 * @example
 * const { artifact } = await client.verifyCardanoStakeDistribution({ epoch: 'latest' });
 * artifact.stakeDistribution.get('pool1…') // certified stake, in lovelace
 */
export interface VerifiedCardanoStakeDistribution {
  readonly artifact: CardanoStakeDistribution;
  readonly certificate: Certificate;
  readonly chain: VerifyCertificateChainResult;
}

/**
 * Fetches (by hash or epoch, unless given) a Cardano stake distribution, verifies the certificate chain of its
 * `certificate_hash`, then checks that the certificate signs the MMR root and epoch recomputed from the artifact
 * (certificates.md §9.2).
 *
 * @param client - the client
 * @param parameters - `hash`, `epoch` or `artifact`, optional `signal`
 * @returns the artifact with its verified certificate
 * @throws {CertificateError} chain-verification codes
 * @throws {ArtifactError} `ARTIFACT_MESSAGE_MISMATCH`, `ARTIFACT_SIGNED_ENTITY_TYPE_MISMATCH`, `ARTIFACT_INVALID`
 * @throws {ClientError} HTTP codes, `CLIENT_ABORTED`
 *
 * @example
 * const { artifact, certificate } = await verifyCardanoStakeDistribution(client, { epoch: 'latest' });
 * artifact.stakeDistribution.get('pool1…') // certified stake, in lovelace
 */
export async function verifyCardanoStakeDistribution(
  client: MithrilClientBase,
  parameters: VerifyCardanoStakeDistributionParameters,
): Promise<VerifiedCardanoStakeDistribution> {
  const signal = callSignal(client, parameters);
  let artifact: CardanoStakeDistribution;
  if (parameters.artifact !== undefined) artifact = parameters.artifact;
  else if (parameters.hash !== undefined) artifact = await getCardanoStakeDistribution(client, parameters.hash, { signal });
  else artifact = await getCardanoStakeDistributionByEpoch(client, parameters.epoch as EpochSelector, { signal });
  return verifyArtifact(client, CSD, artifact, undefined, { signal });
}
