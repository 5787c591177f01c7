/**
 * Human output of the `mithril` command: aligned tables and the certificate sheet.
 */
import { signedEntityTypeLabel, type Certificate, type StakeDistributionListItem } from '@mithril/sdk';

/**
 * The lines of `certificate show`: one aligned `name  value` line per field and message part.
 *
 * @param c - the certificate
 * @returns the text, without a final newline
 */
export function certificateLines(c: Certificate): string {
  const p = c.metadata.parameters;
  const lines = [
    ['Hash', c.hash],
    ['Previous hash', c.previousHash === '' ? '(none: genesis)' : c.previousHash],
    ['Epoch', String(c.epoch)],
    ['Signed entity type', signedEntityTypeLabel(c.signedEntityType)],
    ['Kind', c.genesisSignature !== '' ? 'genesis' : 'standard'],
    ['Network', c.metadata.network],
    ['Protocol parameters', `k=${p.k} m=${p.m} phi_f=${p.phiF}`],
    ['Signers', String(c.metadata.signers.length)],
    ['Initiated at', c.metadata.initiatedAt.text],
    ['Sealed at', c.metadata.sealedAt.text],
    ['Signed message', c.signedMessage],
    ...Object.entries(c.protocolMessage.parts).map(([k, v]) => [`  ${k}`, v.length > 80 ? `${v.slice(0, 77)}...` : v]),
  ];
  const width = Math.max(...lines.map(([k]) => (k as string).length));
  return lines.map(([k, v]) => `${(k as string).padEnd(width)}  ${v}`).join('\n');
}

/**
 * Aligns rows in columns separated by two spaces.
 *
 * @param rows - the rows, the header first
 * @returns the text, without a final newline
 */
export function table(rows: string[][]): string {
  // A fold, not Math.max(...): a hostile aggregator's list can hold more rows than a call takes arguments.
  const widths = rows[0]?.map((_, i) => rows.reduce((w, r) => Math.max(w, (r[i] ?? '').length), 0)) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/**
 * The table rows of a stake distribution list (Mithril or Cardano).
 *
 * @param items - the list items
 * @returns the header and one row per item
 */
export function listRows(items: readonly StakeDistributionListItem[]): string[][] {
  return [['EPOCH', 'HASH', 'CERTIFICATE HASH', 'CREATED AT'], ...items.map((i) => [String(i.epoch), i.hash, i.certificateHash, i.createdAt.text])];
}
