/** The parts of the SDK the command uses, in one place. */
export {
  createMithrilClient,
  isMithrilError,
  parseCardanoStakeDistribution,
  parseMithrilStakeDistribution,
  type Certificate,
  type CertificateListItem,
  type MithrilClient,
  type SignedEntityType,
  type StakeDistributionListItem,
} from '@mithril/sdk';
