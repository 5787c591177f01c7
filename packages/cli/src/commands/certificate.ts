/**
 * `mithril certificate list | show | verify` (alias `cert`).
 */
import {
  certificateListItemToJson,
  certificateToJson,
  signedEntityTypeLabel,
  type CertificateListItem,
  type VerifyCertificateChainResult,
} from '@mithril/sdk';
import { makeClient, progress, type CommandContext } from '../context.js';
import { certificateLines, table } from '../format.js';
import { toJsonText } from '../json.js';
import { EXIT_OK, noMoreArgs, requireArg, UsageError } from '../usage.js';
import { checkTarget } from './target.js';

/** Names of the certificate command group. */
export const CERTIFICATE_GROUP_NAMES: readonly string[] = ['certificate', 'cert'];

/**
 * Runs a certificate subcommand.
 *
 * @param command - `list`, `show` or `verify`
 * @param ctx - the command context
 * @returns {@link EXIT_OK}
 * @throws {UsageError} on an unknown subcommand or bad arguments
 */
export async function runCertificateCommand(command: string, ctx: CommandContext): Promise<number> {
  const { values, positionals, io, resources, json, out } = ctx;
  if (command === 'list') {
    noMoreArgs(positionals, 2);
    const client = await makeClient(values, io, false, resources);
    const items: CertificateListItem[] = await client.listCertificates();
    if (json) out(toJsonText(items.map(certificateListItemToJson)));
    else {
      out(
        table([
          ['EPOCH', 'HASH', 'SIGNED ENTITY TYPE', 'SEALED AT'],
          ...items.map((c) => [String(c.epoch), c.hash, signedEntityTypeLabel(c.signedEntityType), c.metadata.sealedAt.text]),
        ]),
      );
    }
    return EXIT_OK;
  }
  if (command === 'show') {
    const hash = checkTarget(requireArg(positionals, 2, 'certificate hash'), 'hash', false);
    const client = await makeClient(values, io, false, resources);
    const certificate = await client.getCertificate(hash);
    out(json ? toJsonText(certificateToJson(certificate)) : certificateLines(certificate));
    return EXIT_OK;
  }
  if (command === 'verify') {
    const hash = checkTarget(requireArg(positionals, 2, 'certificate hash'), 'hash', false);
    const client = await makeClient(values, io, true, resources);
    const done = progress(client, io);
    let result: VerifyCertificateChainResult;
    try {
      result = await client.verifyCertificateChain({ hash });
    } finally {
      done();
    }
    if (json) {
      out(
        toJsonText({
          certificate_hash: hash,
          verified: true,
          epoch: result.certificate.epoch,
          signed_entity_type: signedEntityTypeLabel(result.certificate.signedEntityType),
          genesis_hash: result.genesisHash,
          validated: result.validated,
          from_cache: result.fromCache,
        }),
      );
    } else {
      out(
        `Certificate chain of ${hash} is valid: ${result.validated.length} certificate(s) verified, ` +
          `${result.fromCache.length} from cache, down to genesis ${result.genesisHash}`,
      );
    }
    return EXIT_OK;
  }
  throw new UsageError(`unknown subcommand certificate ${command}`);
}
