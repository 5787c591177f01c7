/**
 * Client actions for any artifact kind, driven by its descriptor (`ARTIFACT_KINDS` in `../artifacts/kinds.ts`): list,
 * get by id or epoch, and verify against a verified certificate chain (certificates.md §9, nodes.md §9.2).
 */
import type { ArtifactKind, ArtifactKindDescriptor } from '../artifacts/kinds.js';
import type { Certificate } from '../certificate/types.js';
import { verifyCertificateChain, type VerifyCertificateChainResult } from './certificates.js';
import { ClientError } from './errors.js';
import { assertHash, callSignal } from './internal.js';
import type { ActionOptions, MithrilClientBase } from './types.js';

/**
 * An epoch for the `/epoch/{epoch}` routes: a number, `latest` or `latest-N` (nodes.md §1.1).
 *
 * @example
 * await getArtifactByEpoch(client, ARTIFACT_KINDS.csd, 'latest-2'); // also 'latest', 512n or 512
 */
export type EpochSelector = bigint | number | 'latest' | `latest-${number}`;

/** An artifact kind descriptor whatever its artifact, list item and local-data types. */
type Kind<A, L = unknown, Local = unknown> = ArtifactKindDescriptor<ArtifactKind, A, L, Local>;

function epochSegment(epoch: EpochSelector): string {
  if (typeof epoch === 'bigint' && epoch >= 0n) return epoch.toString();
  if (typeof epoch === 'number' && Number.isSafeInteger(epoch) && epoch >= 0) return String(epoch);
  if (typeof epoch === 'string' && /^latest(-\d+)?$/.test(epoch)) return epoch;
  throw new ClientError('CLIENT_INVALID_OPTIONS', 'expected a non-negative integer, "latest" or "latest-N"', { field: 'epoch' });
}

/**
 * The path of a kind's by-epoch item route for an epoch, e.g. `artifact/cardano-stake-distribution/epoch/latest`.
 *
 * @param kind - an artifact kind with an `item-by-epoch` route
 * @param epoch - an epoch number, `latest` or `latest-N`
 * @returns the path, relative to the aggregator endpoint
 * @throws {ClientError} `CLIENT_INVALID_OPTIONS` for a malformed epoch or a kind without such a route
 * @example
 * artifactEpochPath(ARTIFACT_KINDS.csd, 'latest-1'); // 'artifact/cardano-stake-distribution/epoch/latest-1'
 */
export function artifactEpochPath<A>(kind: Kind<A>, epoch: EpochSelector): string {
  const route = kind.routes.extra.find((r) => r.serves === 'item-by-epoch');
  if (route === undefined) {
    throw new ClientError('CLIENT_INVALID_OPTIONS', `a ${kind.title} cannot be fetched by epoch`, { field: 'epoch' });
  }
  return route.path.replace(':epoch', epochSegment(epoch));
}

/**
 * Lists the most recent artifacts of a kind (its list route), unverified.
 *
 * @param client - the client
 * @param kind - the artifact kind descriptor, e.g. `ARTIFACT_KINDS.msd`
 * @param options - signal
 * @returns the list items
 * @throws {ClientError} HTTP codes
 * @throws {CertificateError} `MESSAGE_INVALID` on a malformed body
 * @example
 * const items = await listArtifacts(client, ARTIFACT_KINDS['cardano-database']);
 */
export async function listArtifacts<L>(client: MithrilClientBase, kind: Kind<unknown, L>, options?: ActionOptions): Promise<L[]> {
  const text = await client.http.getText(kind.routes.list, { signal: callSignal(client, options) });
  return kind.parseList(text);
}

/**
 * Fetches an artifact by id (its item route), unverified.
 *
 * @param client - the client
 * @param kind - the artifact kind descriptor
 * @param id - the artifact hash (or legacy snapshot digest): 64 lowercase hex
 * @param options - signal
 * @returns the artifact
 * @throws {ClientError} `CLIENT_INVALID_OPTIONS` for a malformed id, `CLIENT_NOT_FOUND` and the other HTTP codes
 * @example
 * const msd = await getArtifact(client, ARTIFACT_KINDS.msd, hash);
 */
export async function getArtifact<A>(client: MithrilClientBase, kind: Kind<A>, id: string, options?: ActionOptions): Promise<A> {
  assertHash(id, kind.routes.itemParameter);
  const text = await client.http.getText(kind.itemPath(id), { signal: callSignal(client, options) });
  return kind.parse(text);
}

/**
 * Fetches the artifact of an epoch (the kind's `item-by-epoch` route), unverified.
 *
 * @param client - the client
 * @param kind - an artifact kind with a by-epoch item route (the Cardano stake distribution)
 * @param epoch - an epoch number, `latest` or `latest-N`
 * @param options - signal
 * @returns the artifact
 * @throws {ClientError} `CLIENT_NOT_FOUND`, `CLIENT_HTTP_ERROR` (400 for an offset above 5), `CLIENT_INVALID_OPTIONS`
 * @example
 * const csd = await getArtifactByEpoch(client, ARTIFACT_KINDS.csd, 'latest');
 */
export async function getArtifactByEpoch<A>(client: MithrilClientBase, kind: Kind<A>, epoch: EpochSelector, options?: ActionOptions): Promise<A> {
  const text = await client.http.getText(artifactEpochPath(kind, epoch), { signal: callSignal(client, options) });
  return kind.parse(text);
}

/** An artifact bound to its verified certificate. */
export interface VerifiedArtifact<A> {
  readonly artifact: A;
  /** The verified certificate that signs the artifact. */
  readonly certificate: Certificate;
  /** Details of the chain verification. */
  readonly chain: VerifyCertificateChainResult;
}

/**
 * Verifies the certificate chain of an artifact's certificate to genesis, then checks that the certificate signs what
 * is recomputed from the artifact and its local data (the kind's binding, certificates.md §9).
 *
 * @param client - the client
 * @param kind - the artifact kind descriptor
 * @param artifact - the artifact, already fetched
 * @param local - the local data the binding needs (none for stake distributions; digests for a Cardano database)
 * @param options - signal
 * @returns the artifact with its verified certificate
 * @throws {CertificateError} chain-verification codes
 * @throws {ArtifactError} `ARTIFACT_MESSAGE_MISMATCH`, `ARTIFACT_SIGNED_ENTITY_TYPE_MISMATCH`, `ARTIFACT_INVALID`
 * @throws {ClientError} HTTP codes, `CLIENT_ABORTED`
 * @example
 * const { certificate } = await verifyArtifact(client, ARTIFACT_KINDS.csd, csd, undefined);
 */
export async function verifyArtifact<A, Local>(
  client: MithrilClientBase,
  kind: Kind<A, unknown, Local>,
  artifact: A,
  local: Local,
  options?: ActionOptions,
): Promise<VerifiedArtifact<A>> {
  const chain = await verifyCertificateChain(client, { hash: kind.certificateHash(artifact), signal: callSignal(client, options) });
  kind.verify(chain.certificate, artifact, local);
  return { artifact, certificate: chain.certificate, chain };
}
