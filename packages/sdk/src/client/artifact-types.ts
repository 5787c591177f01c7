/**
 * The artifact model and pure checks the client actions use (they live in `../artifacts/`), gathered in one place.
 */
import type { Certificate } from '../certificate/types.js';
import type { CardanoStakeDistribution, MithrilStakeDistribution } from '../artifacts/stake-distribution-schemas.js';
import { ARTIFACT_KINDS } from '../artifacts/kinds.js';

export {
  parseMithrilStakeDistribution,
  parseMithrilStakeDistributionList,
  parseCardanoStakeDistribution,
  parseCardanoStakeDistributionList,
  type MithrilStakeDistribution,
  type StakeDistributionListItem as MithrilStakeDistributionListItem,
  type CardanoStakeDistribution,
  type StakeDistributionListItem as CardanoStakeDistributionListItem,
} from '../artifacts/stake-distribution-schemas.js';

/**
 * Checks that a chain-verified certificate signs this Mithril stake distribution (certificates.md §9.1).
 *
 * @param artifact - the artifact
 * @param certificate - its certificate, already chain-verified
 * @throws {ArtifactError} `ARTIFACT_INVALID`, `ARTIFACT_SIGNED_ENTITY_TYPE_MISMATCH`, `ARTIFACT_MESSAGE_MISMATCH`
 */
export function verifyMithrilStakeDistributionArtifact(artifact: MithrilStakeDistribution, certificate: Certificate): void {
  ARTIFACT_KINDS.msd.verify(certificate, artifact);
}

/**
 * Checks that a chain-verified certificate signs this Cardano stake distribution (certificates.md §9.2).
 *
 * @param artifact - the artifact
 * @param certificate - its certificate, already chain-verified
 * @throws {ArtifactError} `ARTIFACT_INVALID`, `ARTIFACT_SIGNED_ENTITY_TYPE_MISMATCH`, `ARTIFACT_MESSAGE_MISMATCH`
 */
export function verifyCardanoStakeDistributionArtifact(artifact: CardanoStakeDistribution, certificate: Certificate): void {
  ARTIFACT_KINDS.csd.verify(certificate, artifact);
}
