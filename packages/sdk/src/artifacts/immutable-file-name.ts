/**
 * How the reference reads an immutable file name (nodes.md §5.1; `ImmutableFile::new` in the reference's
 * `immutable_file.rs`): the last path component, its stem and extension split at the last dot the way Rust's
 * `Path::file_stem` / `Path::extension` do, and the stem parsed as a `u64` the way Rust's `str::parse::<u64>` does.
 * Pure: shared by the digest-list check of the core and the database listing of `@mithril/sdk/node`.
 */

/**
 * The extensions of the three files of an immutable trio, in their sort order.
 *
 * @example
 * IMMUTABLE_FILE_EXTENSIONS.map((ext) => `00042.${ext}`) // ['00042.chunk', '00042.primary', '00042.secondary']
 */
export const IMMUTABLE_FILE_EXTENSIONS: readonly string[] = ['chunk', 'primary', 'secondary'];

const U64_MAX = (1n << 64n) - 1n;

/**
 * Splits a file name into stem and extension at its last dot, as Rust's `Path::file_stem` and `Path::extension` do:
 * a name without a dot, or whose only dot is the first character (`.chunk`), has no extension.
 *
 * @param fileName - a single path component
 * @returns the stem, and the extension when there is one (possibly empty, for `a.`)
 * @example
 * splitFileName('00001.chunk.bak'); // { stem: '00001.chunk', extension: 'bak' }
 */
export function splitFileName(fileName: string): { stem: string; extension: string | undefined } {
  const dot = fileName.lastIndexOf('.');
  if (fileName === '..' || dot <= 0) return { stem: fileName, extension: undefined };
  return { stem: fileName.slice(0, dot), extension: fileName.slice(dot + 1) };
}

/**
 * Parses a decimal `u64` as Rust's `str::parse::<u64>` does: an optional `+`, then at least one ASCII digit, at most
 * 2^64 − 1.
 *
 * @param text - the text to parse
 * @returns the number, or `undefined` when Rust would fail
 * @example
 * parseRustU64('+0042'); // 42n
 */
export function parseRustU64(text: string): bigint | undefined {
  if (!/^\+?[0-9]+$/.test(text)) return undefined;
  const value = BigInt(text.startsWith('+') ? text.slice(1) : text);
  return value <= U64_MAX ? value : undefined;
}

/**
 * The immutable file number the reference gives a digest-list entry name: the stem of its last path component as a
 * `u64`, or nothing when the reference's `ImmutableFile::new` fails (so the client skips the entry). The extension is
 * not checked there: `00001.chunk.bak` has the stem `00001.chunk` and no number, while `ledger/123` is numbered 123.
 *
 * @param name - the `immutable_file_name` of a digest-list entry (or a path)
 * @returns the number, or `undefined` when the name has none
 * @example
 * immutableFileNumberOf('00042.primary'); // 42n
 * immutableFileNumberOf('00001.chunk.bak'); // undefined
 */
export function immutableFileNumberOf(name: string): bigint | undefined {
  // Rust's Path::file_name: the last component, ignoring empty and `.` components; `..` has no file name.
  const components = name.split('/').filter((c) => c !== '' && c !== '.');
  const last = components[components.length - 1];
  if (last === undefined || last === '..') return undefined;
  return parseRustU64(splitFileName(last).stem);
}
