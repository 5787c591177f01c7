/**
 * The ancillary archive (nodes.md §5.4): the trio `n + 1`, the latest ledger state snapshot(s) and the signed
 * `ancillary_manifest.json`, frozen in a copy before being archived.
 */
import { createPrivateKey, sign } from 'node:crypto';
import { copyFile, mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AggregatorError } from '../../errors.js';
import { hexToBytes } from '../../sdk.js';
import { ANCILLARY_MANIFEST_FILE_NAME, ancillaryManifestJson, ancillaryManifestMessage } from '../names.js';
import type { AncillarySigner } from '../ports.js';
import { fileSha256, immutablePaths } from './files.js';

/** PKCS#8 DER prefix of a raw 32-byte Ed25519 seed (RFC 8410). */
const ED25519_PKCS8_PREFIX = hexToBytes('302e020100300506032b657004220420');

/**
 * Decodes an Ed25519 secret key: 32 raw bytes, 64 hex characters, or the reference's JSON-hex (hex of the ASCII JSON
 * array of the 32 bytes).
 *
 * @param key - the secret key
 * @returns the 32-byte seed
 * @throws {AggregatorError} `AGGREGATOR_INVALID_REQUEST` on another form
 * @example
 * decodeEd25519SecretKey('00'.repeat(32)).length; // 32
 */
export function decodeEd25519SecretKey(key: Uint8Array | string): Uint8Array {
  let bytes: Uint8Array | undefined;
  if (typeof key !== 'string') bytes = key;
  else if (/^[0-9a-fA-F]{64}$/.test(key.trim())) bytes = hexToBytes(key.trim());
  else {
    try {
      const values: unknown = JSON.parse(new TextDecoder().decode(hexToBytes(key.trim())));
      if (Array.isArray(values) && values.every((v) => Number.isInteger(v) && v >= 0 && v < 256)) bytes = Uint8Array.from(values as number[]);
    } catch {
      bytes = undefined;
    }
  }
  if (bytes?.length !== 32) {
    throw new AggregatorError('AGGREGATOR_INVALID_REQUEST', 'the ancillary signing key is not a 32-byte Ed25519 secret key', {
      field: 'ancillarySigningKey',
    });
  }
  return bytes;
}

/**
 * An ancillary signer over an Ed25519 secret key (`node:crypto`).
 *
 * @param secretKey - 32 bytes, 64 hex characters or JSON-hex
 * @returns the signer
 * @throws {AggregatorError} `AGGREGATOR_INVALID_REQUEST` when the key cannot be decoded
 * @example
 * const signer = createEd25519AncillarySigner(process.env.ANCILLARY_SECRET_KEY!);
 */
export function createEd25519AncillarySigner(secretKey: Uint8Array | string): AncillarySigner {
  const seed = decodeEd25519SecretKey(secretKey);
  const key = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  return { sign: async (message) => new Uint8Array(sign(null, message, key)) };
}

async function filesUnder(root: string, relative: string): Promise<string[]> {
  const info = await stat(join(root, relative));
  if (info.isFile()) return [relative];
  if (!info.isDirectory()) return [];
  const names = (await readdir(join(root, relative))).sort();
  const nested = await Promise.all(names.map((name) => filesUnder(root, `${relative}/${name}`)));
  return nested.flat();
}

/**
 * The files of the latest ledger state snapshots (`ledger/<slot>` files or `ledger/<slot>/…` folders, a name being
 * the slot number with an optional `_suffix`), newest first.
 *
 * @param dbDirectory - the node database folder
 * @param count - how many snapshots (1 for UTxO-HD nodes ≥ 10.4.1, 2 before)
 * @returns their relative paths
 * @throws {AggregatorError} `AGGREGATOR_ARTIFACT_FAILED` when there is no ledger snapshot
 * @example
 * await latestLedgerFiles(db, 1); // ['ledger/1234/meta', 'ledger/1234/state', 'ledger/1234/tables/tvar']
 */
async function latestLedgerFiles(dbDirectory: string, count: number): Promise<string[]> {
  const names = await readdir(join(dbDirectory, 'ledger')).catch(() => [] as string[]);
  const slots = names
    .map((name) => ({ name, slot: /^(\d+)(?:_.*)?$/.exec(name)?.[1] }))
    .filter((e): e is { name: string; slot: string } => e.slot !== undefined)
    .sort((a, b) => (BigInt(a.slot) < BigInt(b.slot) ? 1 : BigInt(a.slot) > BigInt(b.slot) ? -1 : 0))
    .slice(0, count);
  if (slots.length === 0) throw new AggregatorError('AGGREGATOR_ARTIFACT_FAILED', `no ledger state snapshot in ${join(dbDirectory, 'ledger')}`);
  const files = await Promise.all(slots.map((s) => filesUnder(dbDirectory, `ledger/${s.name}`)));
  return files.flat();
}

/**
 * Copies the ancillary files of beacon `n` into a folder and writes the signed manifest beside them.
 *
 * @param options - database folder, target folder, beacon number, ledger snapshot count, signer
 * @returns the archive entries (files then the manifest) and their uncompressed size
 * @throws {AggregatorError} `AGGREGATOR_ARTIFACT_FAILED` when the trio `n + 1` or the ledger state is missing
 * @example
 * const { entries } = await prepareAncillary({ dbDirectory, target, immutableFileNumber: 4n, ledgerSnapshots: 1, signer });
 */
export async function prepareAncillary(options: {
  readonly dbDirectory: string;
  readonly target: string;
  readonly immutableFileNumber: bigint;
  readonly ledgerSnapshots: number;
  readonly signer: AncillarySigner;
}): Promise<{ entries: string[]; size: bigint }> {
  const next = options.immutableFileNumber + 1n;
  const files = [...immutablePaths(next, next), ...(await latestLedgerFiles(options.dbDirectory, options.ledgerSnapshots))];
  const data: Record<string, string> = {};
  let size = 0n;
  for (const file of files) {
    const target = join(options.target, file);
    await mkdir(dirname(target), { recursive: true });
    try {
      await copyFile(join(options.dbDirectory, file), target);
    } catch (error) {
      throw new AggregatorError('AGGREGATOR_ARTIFACT_FAILED', `cannot copy ancillary file ${join(options.dbDirectory, file)}`, { cause: error });
    }
    data[file] = await fileSha256(target);
    size += BigInt((await stat(target)).size);
  }
  const signature = await options.signer.sign(ancillaryManifestMessage(data));
  const manifest = ancillaryManifestJson(data, signature);
  await writeFile(join(options.target, ANCILLARY_MANIFEST_FILE_NAME), manifest);
  size += BigInt(Buffer.byteLength(manifest));
  return { entries: [...files, ANCILLARY_MANIFEST_FILE_NAME], size };
}
