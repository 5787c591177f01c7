/**
 * The parts of the SDK the command uses, in one place. They are imported from the SDK sources until the package
 * entry (`@mithril/sdk`) exports the client; then this file becomes a re-export of `@mithril/sdk`.
 */
export { createMithrilClient, type MithrilClient } from '../../sdk/src/client/index.js';
export { isMithrilError } from '../../sdk/src/errors.js';
export {
  parseCardanoStakeDistribution,
  parseMithrilStakeDistribution,
  type StakeDistributionListItem,
} from '../../sdk/src/artifacts/schemas.js';
export type { Certificate, CertificateListItem, SignedEntityType } from '../../sdk/src/certificate/types.js';
