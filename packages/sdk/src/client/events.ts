/**
 * Progress events of the client, named like the reference feedback events (nodes.md §9.3). Ids are UUID v4 strings.
 */

/** Payload shared by the certificate-chain events. */
export interface CertificateChainEventBase {
  /** Id of one `verifyCertificateChain` run. */
  readonly certificateChainValidationId: string;
}

/**
 * Every event the client emits, by name (a mitt event map).
 *
 * @example
 * client.events.on('CertificateValidated', (e) => console.log(`verified ${e.certificateHash}`));
 * client.events.on('CertificateFetchedFromCache', (e) => console.log(`cached ${e.certificateHash}`));
 */
export type MithrilClientEvents = {
  /** A chain verification started at `certificateHash` (the tip). */
  CertificateChainValidationStarted: CertificateChainEventBase & { readonly certificateHash: string };
  /** A certificate was fetched and fully verified. */
  CertificateValidated: CertificateChainEventBase & { readonly certificateHash: string };
  /** A certificate was skipped because the verified-chain cache holds it. */
  CertificateFetchedFromCache: CertificateChainEventBase & { readonly certificateHash: string };
  /** The whole chain from `certificateHash` (the tip) to genesis is valid. */
  CertificateChainValidated: CertificateChainEventBase & { readonly certificateHash: string };
  /** The aggregator announced a newer `mithril-api-version` than the client's (warned once per client). */
  ServerApiVersionNewer: { readonly serverVersion: string; readonly clientVersion: string };
};

/**
 * Name of a client event.
 *
 * @example
 * const name: MithrilClientEventName = 'CertificateChainValidated';
 * client.events.on(name, (e) => console.log(e.certificateHash));
 */
export type MithrilClientEventName = keyof MithrilClientEvents;
