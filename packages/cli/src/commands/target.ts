/**
 * The target of a command that names one artifact: a 64-character hex id, or `latest`, the first item of the kind's
 * list (the aggregator lists newest first). One helper for every artifact kind, driven by its descriptor (list route,
 * item parameter name), so that every verb accepts `latest` and rejects a malformed id the same way (exit 2).
 */
import { type ArtifactKind, type ArtifactKindDescriptor, listArtifacts, type MithrilClient } from '@mithril/sdk';
import { UsageError } from '../usage.js';

const ID = /^[0-9a-f]{64}$/;

/**
 * Checks that a target is a 64-character lowercase hex id, or `latest` when allowed.
 *
 * @param target - the command-line argument
 * @param what - what the id is (`hash`, `digest`), for the message
 * @param latest - whether `latest` is accepted
 * @returns the target
 * @throws {UsageError} on anything else
 * @example
 * checkTarget('latest', 'hash', true); // 'latest'
 */
export function checkTarget(target: string, what: string, latest: boolean): string {
  if ((latest && target === 'latest') || ID.test(target)) return target;
  throw new UsageError(`expected a 64-character lowercase hex ${what}${latest ? ' or latest' : ''}, got ${target}`);
}

/**
 * Resolves a target to the id of an artifact of a kind: the id itself, or for `latest` the id of the first listed.
 *
 * @param client - the client
 * @param kind - the artifact kind descriptor
 * @param target - a hex id or `latest`
 * @returns the id, to fetch with `getArtifact(client, kind, id)`
 * @throws {UsageError} on a malformed target, or `latest` when the aggregator lists none
 * @example
 * const hash = await resolveArtifactId(client, ARTIFACT_KINDS.msd, 'latest');
 */
export async function resolveArtifactId<L>(
  client: MithrilClient,
  kind: ArtifactKindDescriptor<ArtifactKind, unknown, L, unknown>,
  target: string,
): Promise<string> {
  const parameter = kind.routes.itemParameter;
  if (checkTarget(target, parameter, true) !== 'latest') return target;
  const [first] = await listArtifacts(client, kind);
  if (first === undefined) throw new UsageError(`the aggregator has no ${kind.title} yet`);
  return (first as Readonly<Record<string, unknown>>)[parameter] as string;
}
