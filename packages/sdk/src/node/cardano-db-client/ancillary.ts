/**
 * Ancillary files (nodes.md §5.4): the last immutable trio and the ledger state, not certified by Mithril but signed
 * with an Ed25519 key (IOG's on public networks). The archive is unpacked into a scratch folder, its manifest is
 * checked file by file and its signature verified, and only then are the files moved into the database folder.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { hexToBytes, parseGenesisVerificationKey, verifyEd25519Strict } from '@mithril/sdk';
import { CardanoDbDownloadError } from './errors.js';
import { sha256File } from '../cardano-db/digests.js';

/**
 * The manifest's name at the archive root.
 *
 * @example
 * join(dbDir, ANCILLARY_MANIFEST) // …/ancillary_manifest.json
 */
export const ANCILLARY_MANIFEST = 'ancillary_manifest.json';

/** A relative path without `.` or `..` segments, like the archive entries the unpack accepts. */
const SAFE_RELATIVE_PATH = /^(?!.*(?:^|\/)\.\.?(?:\/|$))[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/;

/** A parsed ancillary manifest. */
export interface AncillaryManifest {
  /** SHA-256 hex per relative path. */
  readonly data: ReadonlyMap<string, string>;
  /** Ed25519 signature, 128 hex characters. */
  readonly signature: string;
}

function invalid(message: string, field: string, cause?: unknown): CardanoDbDownloadError {
  return new CardanoDbDownloadError('CDB_ANCILLARY_INVALID', message, { field, ...(cause !== undefined && { cause }) });
}

/**
 * Parses an ancillary verification key: raw 32-byte hex, or the reference JSON-hex form (`5b…`).
 *
 * @param key - the key text
 * @returns the raw 32 bytes
 * @throws {CardanoDbDownloadError} `CDB_INVALID_OPTIONS` when it decodes to neither form
 * @example
 * parseAncillaryVerificationKey('bdc0d89672d8edd22d1215c4d0f69202fcf3fbc51c9dcc911e0ee4a881538824');
 */
export function parseAncillaryVerificationKey(key: string): Uint8Array {
  const trimmed = key.trim();
  if (/^[0-9a-f]{64}$/i.test(trimmed)) return hexToBytes(trimmed.toLowerCase());
  try {
    return parseGenesisVerificationKey(trimmed);
  } catch (error) {
    throw new CardanoDbDownloadError('CDB_INVALID_OPTIONS', 'not an Ed25519 verification key (hex or JSON-hex)', {
      field: 'ancillaryVerificationKey',
      cause: error,
    });
  }
}

/**
 * Parses the text of an `ancillary_manifest.json`.
 *
 * @param text - the manifest JSON
 * @returns the manifest
 * @throws {CardanoDbDownloadError} `CDB_ANCILLARY_INVALID` on a malformed manifest
 * @example
 * parseAncillaryManifest('{"data":{"ledger/1":"ab…"},"signature":"cd…"}');
 */
export function parseAncillaryManifest(text: string): AncillaryManifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw invalid('the manifest is not JSON', ANCILLARY_MANIFEST, error);
  }
  const { data, signature } = (value ?? {}) as { data?: unknown; signature?: unknown };
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw invalid('expected an object', `${ANCILLARY_MANIFEST}.data`);
  if (typeof signature !== 'string' || !/^[0-9a-f]{128}$/.test(signature)) {
    throw invalid('expected 128 lowercase hex characters', `${ANCILLARY_MANIFEST}.signature`);
  }
  const entries = new Map<string, string>();
  for (const [path, hash] of Object.entries(data)) {
    if (!SAFE_RELATIVE_PATH.test(path) || path === ANCILLARY_MANIFEST)
      throw invalid('not a safe relative path', `${ANCILLARY_MANIFEST}.data.${path}`);
    if (typeof hash !== 'string' || !/^[0-9a-f]{64}$/.test(hash))
      throw invalid('expected a SHA-256 hex digest', `${ANCILLARY_MANIFEST}.data.${path}`);
    entries.set(path, hash);
  }
  return { data: entries, signature };
}

function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * The bytes the manifest signature covers: SHA-256 over `utf8(path) ‖ ascii(hash)` for every entry in path order.
 *
 * @param data - hash per relative path
 * @returns the 32-byte message
 * @example
 * ancillaryManifestMessage(manifest.data);
 */
export function ancillaryManifestMessage(data: ReadonlyMap<string, string>): Uint8Array {
  const hash = createHash('sha256');
  for (const path of [...data.keys()].sort(compareBytes)) hash.update(path, 'utf8').update(data.get(path)!, 'ascii');
  return hash.digest();
}

/**
 * Verifies an unpacked ancillary folder: the manifest signature with the key, then every listed file's hash; files
 * not listed in the manifest are rejected.
 *
 * @param dir - the scratch folder the ancillary archive was unpacked into
 * @param files - the relative paths the archive held
 * @param key - the raw 32-byte ancillary verification key
 * @returns the verified manifest
 * @throws {CardanoDbDownloadError} `CDB_ANCILLARY_INVALID` naming the file or the signature
 * @example
 * await verifyAncillaryFolder(scratch, result.files, parseAncillaryVerificationKey(vkey));
 */
export async function verifyAncillaryFolder(dir: string, files: readonly string[], key: Uint8Array): Promise<AncillaryManifest> {
  let text: string;
  try {
    text = await readFile(join(dir, ANCILLARY_MANIFEST), 'utf8');
  } catch (error) {
    throw invalid('the ancillary archive holds no manifest', ANCILLARY_MANIFEST, error);
  }
  const manifest = parseAncillaryManifest(text);
  if (!verifyEd25519Strict(hexToBytes(manifest.signature), ancillaryManifestMessage(manifest.data), key)) {
    throw invalid('the manifest signature does not verify with the ancillary verification key', `${ANCILLARY_MANIFEST}.signature`);
  }
  for (const file of files) {
    if (file !== ANCILLARY_MANIFEST && !manifest.data.has(file)) throw invalid('the file is not listed in the manifest', file);
  }
  for (const [path, expected] of manifest.data) {
    let actual: string;
    try {
      actual = await sha256File(join(dir, path));
    } catch (error) {
      throw invalid('a file listed in the manifest is missing', path, error);
    }
    if (actual !== expected) throw invalid('the file differs from its manifest digest', path);
  }
  return manifest;
}

/**
 * Moves the verified ancillary files into the database folder, then removes the scratch folder.
 *
 * @param dir - the scratch folder
 * @param manifest - the verified manifest
 * @param dbDir - the database folder
 * @example
 * await moveAncillaryFiles(scratch, manifest, db);
 */
export async function moveAncillaryFiles(dir: string, manifest: AncillaryManifest, dbDir: string): Promise<void> {
  for (const path of manifest.data.keys()) {
    const target = join(dbDir, path);
    await mkdir(dirname(target), { recursive: true });
    await rename(join(dir, path), target);
  }
  await rm(dir, { recursive: true, force: true });
}
