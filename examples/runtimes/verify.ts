/**
 * The runtime-neutral part of the runtimes example: verifies an aggregator's certificate chain with the SDK's pure
 * entry (`@mithril/sdk`, default pure JavaScript BLS backend, the global `fetch`) and returns a JSON-safe outcome.
 * Nothing here touches a host API, so the same bundle runs in Node, Bun, Deno, workerd and browsers.
 */
import { createMithrilClient, isMithrilError } from '@mithril/sdk';

/** What to verify. */
export interface VerifyRequest {
  /** Aggregator endpoint including its base path, e.g. `http://127.0.0.1:8080/aggregator`. */
  readonly aggregatorEndpoint: string;
  /** JSON-hex genesis verification key of that network. */
  readonly genesisVerificationKey: string;
  /** Certificate to verify back to genesis; the latest one when absent. */
  readonly hash?: string;
}

/** Outcome of {@link verifyChain}: the walked chain, or the typed error's code. */
export type VerifyOutcome =
  | { readonly ok: true; readonly tip: string; readonly genesis: string; readonly validated: readonly string[] }
  | { readonly ok: false; readonly code: string; readonly message: string };

/**
 * Verifies a certificate chain from its tip to the genesis certificate.
 *
 * @param request - endpoint, genesis key, optional tip hash
 * @returns the verified chain's hashes (tip first), or the `MithrilError` code and message
 * @example
 * const outcome = await verifyChain({ aggregatorEndpoint, genesisVerificationKey });
 * if (outcome.ok) console.log(`verified ${outcome.validated.length} certificates down to ${outcome.genesis}`);
 */
export async function verifyChain(request: VerifyRequest): Promise<VerifyOutcome> {
  try {
    const client = createMithrilClient({
      aggregatorEndpoint: request.aggregatorEndpoint,
      genesisVerificationKey: request.genesisVerificationKey,
    });
    const hash = request.hash ?? (await client.listCertificates())[0]?.hash;
    if (hash === undefined) return { ok: false, code: 'NO_CERTIFICATE', message: 'the aggregator has no certificate yet' };
    const chain = await client.verifyCertificateChain({ hash });
    return { ok: true, tip: chain.certificate.hash, genesis: chain.genesisHash, validated: chain.validated };
  } catch (error) {
    if (isMithrilError(error)) return { ok: false, code: error.code, message: error.message };
    throw error;
  }
}
