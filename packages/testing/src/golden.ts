import { readFixtureText } from './fixtures.js';

/** One vector of `stm-golden.json` (vectors taken from the mithril-stm golden test modules). */
export interface GoldenVector {
  id: string;
  type: string;
  encoding: string;
  fixes: string;
  inputs: unknown;
  checks: unknown;
  expected?: unknown;
  expected_hex?: string;
  expected_length?: number;
  expected_json?: unknown;
  expected_json_compact?: string;
  byte_arrays_as_hex?: Record<string, string>;
}

/** The parts of `stm-golden.json` the tests use. */
export interface GoldenFile {
  conventions: Record<string, unknown> & {
    chacha20_zero_keystream_first_128_bytes_hex: string;
    derived_signing_keys: Record<string, string>;
  };
  derived_values: Record<string, string>;
  vectors: GoldenVector[];
}

let cached: GoldenFile | undefined;

/** The parsed golden file (parsed once per test worker). */
export function goldenFile(): GoldenFile {
  cached ??= JSON.parse(readFixtureText('stm-golden.json')) as GoldenFile;
  return cached;
}

/** The golden vector with this id; throws when the fixture has no such vector. */
export function golden(id: string): GoldenVector {
  const found = goldenFile().vectors.find((v) => v.id === id);
  if (found === undefined) throw new Error(`stm-golden.json has no vector ${id}`);
  return found;
}

/** The expected bytes (hex) of a byte-layout vector. */
export function goldenHex(id: string): string {
  const v = golden(id);
  if (v.expected_hex === undefined) throw new Error(`vector ${id} has no expected_hex`);
  return v.expected_hex;
}

/** The expected compact JSON text of a JSON vector. */
export function goldenJson(id: string): string {
  const v = golden(id);
  if (v.expected_json_compact === undefined) throw new Error(`vector ${id} has no expected_json_compact`);
  return v.expected_json_compact;
}

/**
 * Input key material of the j-th key the reference's golden tests draw from `ChaCha20Rng::from_seed([0; 32])`:
 * keystream bytes `32j … 32j+31` of ChaCha20 with the zero key and nonce.
 */
export async function goldenIkm(j: number): Promise<Uint8Array> {
  const { chacha20 } = await import('@noble/ciphers/chacha.js');
  const stream = chacha20(new Uint8Array(32), new Uint8Array(12), new Uint8Array(32 * (j + 1)));
  return stream.slice(32 * j, 32 * (j + 1));
}
