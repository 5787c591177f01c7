/**
 * The artifact types the client actions use (they live in `../artifacts/`), gathered in one place.
 */
export type {
  MithrilStakeDistribution,
  StakeDistributionListItem as MithrilStakeDistributionListItem,
  CardanoStakeDistribution,
  StakeDistributionListItem as CardanoStakeDistributionListItem,
} from '../artifacts/stake-distribution-schemas.js';
