/**
 * The error codes the docs build renders: the code table each package exports, in package order. A package's table is
 * typed as a complete record over its code union, so a code added without an entry fails the typecheck and therefore
 * the docs build; the build also checks that each code's `docsPath` anchor exists on the rendered page.
 */
import { MITHRIL_ERROR_CODES, type ErrorCodeEntry } from '@mithril/sdk';
import { AGGREGATOR_ERROR_CODES } from '@mithril/aggregator-kit';
import { KIT_CORE_ERROR_CODES } from '@mithril/kit-core';
import { OGMIOS_ERROR_CODES } from '@mithril/ogmios';
import { RELAY_ERROR_CODES } from '@mithril/relay-kit';
import { SIGNER_ERROR_CODES } from '@mithril/signer-kit';
import { CARDANO_DB_DOWNLOAD_ERROR_CODES, CARDANO_DB_ERROR_CODES } from '@mithril/sdk/node';

/** The code table of one package. */
export interface PackageErrorCodes {
  /** npm name of the package that owns the codes. */
  readonly packageName: string;
  /** Path of the source file that declares the codes (for the build's messages). */
  readonly source: string;
  readonly codes: Readonly<Record<string, ErrorCodeEntry>>;
}

/** Every package's table, SDK first. */
export const ERROR_CODE_TABLES: readonly PackageErrorCodes[] = [
  { packageName: '@mithril/sdk', source: 'packages/sdk/src/error-codes.ts', codes: MITHRIL_ERROR_CODES },
  { packageName: '@mithril/sdk/node', source: 'packages/sdk/src/node/cardano-db/errors.ts', codes: CARDANO_DB_ERROR_CODES },
  {
    packageName: '@mithril/sdk/node',
    source: 'packages/sdk/src/node/cardano-db-client/errors.ts',
    codes: CARDANO_DB_DOWNLOAD_ERROR_CODES,
  },
  { packageName: '@mithril/kit-core', source: 'packages/kit-core/src/errors.ts', codes: KIT_CORE_ERROR_CODES },
  { packageName: '@mithril/signer-kit', source: 'packages/signer-kit/src/errors.ts', codes: SIGNER_ERROR_CODES },
  { packageName: '@mithril/aggregator-kit', source: 'packages/aggregator-kit/src/errors.ts', codes: AGGREGATOR_ERROR_CODES },
  { packageName: '@mithril/ogmios', source: 'packages/ogmios/src/errors.ts', codes: OGMIOS_ERROR_CODES },
  { packageName: '@mithril/relay-kit', source: 'packages/relay-kit/src/errors.ts', codes: RELAY_ERROR_CODES },
];
