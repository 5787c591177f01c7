/**
 * Ogmios observer errors: the package's code union, its code table and its error class.
 */
import { errorCodeTable, MithrilError, type ErrorCodeTable, type MithrilErrorCode } from '@mithril/sdk';

/** Stable error codes of `@mithril/ogmios`. A code never changes meaning once published. */
export type OgmiosErrorCode =
  | 'OGMIOS_INVALID_CONFIGURATION'
  | 'OGMIOS_CLIENT_MISSING'
  | 'OGMIOS_UNREACHABLE'
  | 'OGMIOS_RPC_ERROR'
  | 'OGMIOS_UNEXPECTED_RESPONSE'
  | 'OGMIOS_NETWORK_MISMATCH';

const AREA = 'ogmios';

/**
 * Area, meaning and docs path of every Ogmios error code.
 *
 * @example
 * OGMIOS_ERROR_CODES.OGMIOS_RPC_ERROR.docsPath // 'sdk.html#ogmios_rpc_error'
 */
export const OGMIOS_ERROR_CODES: ErrorCodeTable<OgmiosErrorCode> = errorCodeTable<OgmiosErrorCode>({
  OGMIOS_INVALID_CONFIGURATION: [AREA, 'the Ogmios observer was given invalid options'],
  OGMIOS_CLIENT_MISSING: [AREA, 'the optional peer @cardano-ogmios/client is not installed'],
  OGMIOS_UNREACHABLE: [AREA, 'Ogmios cannot be reached (health check or WebSocket), even after the retries'],
  OGMIOS_RPC_ERROR: [AREA, 'Ogmios answered a query with a JSON-RPC error'],
  OGMIOS_UNEXPECTED_RESPONSE: [AREA, 'Ogmios answered a query with a result of the wrong shape'],
  OGMIOS_NETWORK_MISMATCH: [AREA, 'the node behind Ogmios is on another network than the configured one'],
});

/**
 * An error raised by the Ogmios observer. `OGMIOS_RPC_ERROR` carries the JSON-RPC `code`, `method` and `data` in
 * `details`.
 *
 * @example
 * throw new OgmiosError('OGMIOS_RPC_ERROR', 'queryLedgerState/epoch failed', { details: { code: 2002 } });
 */
export class OgmiosError extends MithrilError<OgmiosErrorCode | MithrilErrorCode> {
  static override readonly errorCodes: ErrorCodeTable<OgmiosErrorCode> = OGMIOS_ERROR_CODES;
  override readonly name: string = 'OgmiosError';

  /** The JSON-RPC error code, for `OGMIOS_RPC_ERROR`. */
  get rpcCode(): number | undefined {
    const code = this.details?.code;
    return typeof code === 'number' ? code : undefined;
  }
}
