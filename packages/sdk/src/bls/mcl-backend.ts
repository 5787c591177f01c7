/**
 * An accelerated BLS12-381 backend on mcl-wasm 2.4.x (herumi's mcl compiled to WebAssembly), blst min_sig compatible
 * (spec stm.md §1, dependencies.md §4). It runs unchanged in Node and in browsers; mcl-wasm is an optional peer
 * dependency loaded on demand by {@link createMclBackend}.
 *
 * mcl keeps its configuration (curve, serialization mode, hash-to-curve mode, DST, order checks) in process-global
 * state of its single WASM instance, so this module owns that instance: do not configure mcl-wasm differently
 * elsewhere in the same JavaScript realm.
 */
import type * as MclWasm from 'mcl-wasm';

import { BlsError } from '../errors.js';
import { BLS12_381_ORDER, type BlsBackend } from './backend.js';

type Mcl = typeof MclWasm & {
  /** The raw Emscripten module (exported by mcl-wasm's index for its tests); needed for the empty DST. */
  readonly mod: { _mclBnG1_setDst(pointer: number, length: number): number };
};

/** A G1 point of mcl-wasm. */
export type MclG1 = MclWasm.G1;
/** A G2 point of mcl-wasm. */
export type MclG2 = MclWasm.G2;

/**
 * Options of {@link createMclBackend}.
 *
 * @example
 * const backend = await createMclBackend(); // loads the optional mcl-wasm peer
 */
export interface CreateMclBackendOptions {
  /**
   * The mcl-wasm module namespace, for bundlers or tests that load it themselves (default: `await import('mcl-wasm')`).
   */
  readonly mcl?: unknown;
}

const G1_BYTES = 48;
const G2_BYTES = 96;
const FLAG_COMPRESSED = 0x80;
const FLAG_INFINITY = 0x40;
const FLAG_MASK = 0xe0;
/** The BLS12-381 base field modulus p, big-endian, to reject unreduced coordinates before mcl sees them. */
const FIELD_MODULUS_BE = hexToBytes('1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab');
/** Compressed standard generators (mcl has no accessor for them in pairing mode). */
const G1_GENERATOR = hexToBytes('97f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb');
const G2_GENERATOR = hexToBytes(
  '93e02b6052719f607dacd3a088274f65596bd0d09920b61ab5da61bbdc7f5049334cf11213945d57e5ac7d055d042b7e' +
    '024aa2b2f08f0a91260805272dc51051c6e47ad4fa403b02b4510b647ae3d1770bac0326a805bbefd48056c8c121bdb8',
);

function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function invalidPoint(field: string, reason: string, cause?: unknown): BlsError {
  return new BlsError('BLS_INVALID_POINT', reason, { field, cause });
}

/** Whether the 48 big-endian bytes at `offset` (flag bits of the first byte cleared) are below p. */
function isReducedCoordinate(bytes: Uint8Array, offset: number, firstByteMask: number): boolean {
  for (let i = 0; i < G1_BYTES; i++) {
    const b = i === 0 ? bytes[offset]! & firstByteMask : bytes[offset + i]!;
    const p = FIELD_MODULUS_BE[i]!;
    if (b !== p) return b < p;
  }
  return false;
}

/**
 * Byte-level checks blst makes before any curve arithmetic (stm.md §1.1, §1.5): exact length, the compression flag,
 * a canonical point at infinity (every other bit zero) and reduced coordinates. mcl's own parser differs on some of
 * these corner cases, so they are decided here for every backend-visible input.
 *
 * @returns whether the encoding is the point at infinity
 */
function checkEncoding(bytes: unknown, length: number, field: string, group: string): boolean {
  if (!(bytes instanceof Uint8Array)) throw invalidPoint(field, `expected a ${length}-byte compressed ${group} point`);
  if (bytes.length !== length) {
    throw invalidPoint(field, `expected a ${length}-byte compressed ${group} point, got ${bytes.length} bytes`);
  }
  const flags = bytes[0]!;
  if ((flags & FLAG_COMPRESSED) === 0) throw invalidPoint(field, `${group} point lacks the compression flag`);
  if ((flags & FLAG_INFINITY) !== 0) {
    let rest = flags & 0x3f;
    for (let i = 1; i < length; i++) rest |= bytes[i]!;
    if (rest !== 0) throw invalidPoint(field, `non-canonical encoding of the ${group} point at infinity`);
    return true;
  }
  for (let offset = 0; offset < length; offset += G1_BYTES) {
    if (!isReducedCoordinate(bytes, offset, offset === 0 ? ~FLAG_MASK & 0xff : 0xff)) {
      throw invalidPoint(field, `${group} x coordinate is not reduced modulo p`);
    }
  }
  return false;
}

function checkMsmInput(points: readonly unknown[], scalars: readonly bigint[]): void {
  if (points.length === 0 || points.length !== scalars.length) {
    throw new BlsError(
      'BLS_AGGREGATE_SIGNATURE_INVALID',
      `multi-scalar multiplication needs as many scalars as points (at least one), got ${points.length} points and ${scalars.length} scalars`,
      { field: 'scalars' },
    );
  }
}

function reduceScalar(scalar: bigint): bigint {
  const reduced = scalar % BLS12_381_ORDER;
  return reduced < 0n ? reduced + BLS12_381_ORDER : reduced;
}

function resolveNamespace(loaded: unknown): Mcl {
  const candidate = loaded as { default?: unknown; init?: unknown };
  // A CommonJS module imported from ESM arrives as `{ default: module.exports, ...named }`; the named bindings are
  // snapshots, while `default` sees `mod` once `init` has set it.
  const ns = (typeof candidate.init === 'function' && candidate.default === undefined ? candidate : candidate.default) as Mcl | undefined;
  if (ns === undefined || typeof ns.init !== 'function' || typeof ns.G1 !== 'function') {
    throw new BlsError('BLS_BACKEND_UNAVAILABLE', 'the value given as mcl-wasm is not the mcl-wasm module', {
      field: 'mcl',
    });
  }
  return ns;
}

let shared: Promise<BlsBackend<MclG1, MclG2>> | undefined;

/**
 * Loads and configures mcl-wasm for Mithril's BLS (dependencies.md §4: BLS12-381, ETH/ZCash serialization, RFC 9380
 * map-to-curve, the EMPTY G1 DST through the raw `mclBnG1_setDst`, subgroup checks on decoding) and returns a
 * {@link BlsBackend} over it. The WASM module is instantiated once per realm; later calls return the same backend.
 *
 * @param options - optionally the already imported mcl-wasm namespace
 * @returns the mcl backend (name `mcl`)
 * @throws {BlsError} `BLS_BACKEND_UNAVAILABLE` when mcl-wasm cannot be loaded or configured (it is an optional peer
 *   dependency: install `mcl-wasm`)
 * @example
 * const backend = await createMclBackend();
 * verifyAggregateSignature({ message, signature, avk, parameters, backend });
 */
export function createMclBackend(options: CreateMclBackendOptions = {}): Promise<BlsBackend<MclG1, MclG2>> {
  if (shared === undefined) {
    const attempt = initialize(options.mcl);
    shared = attempt;
    attempt.catch(() => {
      if (shared === attempt) shared = undefined;
    });
  }
  return shared;
}

async function initialize(given: unknown): Promise<BlsBackend<MclG1, MclG2>> {
  let mcl: Mcl;
  try {
    mcl = resolveNamespace(given ?? (await import('mcl-wasm')));
    await mcl.init(mcl.BLS12_381);
    mcl.setETHserialization(true);
    mcl.setMapToMode(mcl.IRTF);
    // The DST setter is not wrapped by mcl-wasm; (pointer 0, length 0) selects the empty tag Mithril uses.
    if (mcl.mod._mclBnG1_setDst(0, 0) !== 0) throw new Error('mclBnG1_setDst refused the empty DST');
    mcl.verifyOrderG1(true);
    mcl.verifyOrderG2(true);
  } catch (error) {
    if (error instanceof BlsError) throw error;
    throw new BlsError('BLS_BACKEND_UNAVAILABLE', `mcl-wasm could not be loaded (${String(error)})`, {
      field: 'mcl',
      cause: error,
    });
  }
  return buildBackend(mcl);
}

function buildBackend(mcl: Mcl): BlsBackend<MclG1, MclG2> {
  const g1 = new mcl.G1();
  g1.deserialize(G1_GENERATOR);
  const g2 = new mcl.G2();
  g2.deserialize(G2_GENERATOR);

  const toFr = (scalar: bigint): MclWasm.Fr => {
    const fr = new mcl.Fr();
    fr.setStr(reduceScalar(scalar).toString(16), 16);
    return fr;
  };

  // Miller-loop line coefficients of keys used more than once (the generator, registered keys reused per epoch).
  // They live in WASM memory, so they are freed when their point is collected.
  const precomputed = new WeakMap<MclG2, MclWasm.PrecomputedG2>();
  const usedOnce = new WeakSet<MclG2>();
  const release = typeof FinalizationRegistry === 'function' ? new FinalizationRegistry<MclWasm.PrecomputedG2>((pre) => pre.destroy()) : undefined;
  const precomputesOf = (point: MclG2): MclWasm.PrecomputedG2 | undefined => {
    const known = precomputed.get(point);
    if (known !== undefined || release === undefined) return known;
    if (!usedOnce.has(point)) {
      usedOnce.add(point);
      return undefined;
    }
    const pre = new mcl.PrecomputedG2(point);
    precomputed.set(point, pre);
    release.register(point, pre);
    return pre;
  };
  const millerLoop = (p: MclG1, q: MclG2): MclWasm.GT => {
    const pre = precomputesOf(q);
    return pre === undefined ? mcl.millerLoop(p, q) : mcl.precomputedMillerLoop(p, pre);
  };

  const decode = <P extends MclG1 | MclG2>(point: P, bytes: Uint8Array, field: string, group: string): P => {
    try {
      point.deserialize(bytes);
    } catch (error) {
      throw invalidPoint(field, `not a valid ${group} point (${error instanceof Error ? error.message : String(error)})`, error);
    }
    return point;
  };

  return {
    name: 'mcl',

    decodeG1(bytes: Uint8Array, field = 'G1 point'): MclG1 {
      if (checkEncoding(bytes, G1_BYTES, field, 'G1')) throw invalidPoint(field, 'G1 point at infinity is not allowed');
      // mcl's own order check is kept. An endomorphism membership test must not use mcl.mul (its GLV multiplication
      // assumes a subgroup input); one built on plain doublings and additions is sound but measured no faster here.
      return decode(new mcl.G1(), bytes, field, 'G1');
    },

    decodeG1Unchecked(bytes: Uint8Array, field = 'G1 point'): MclG1 {
      if (checkEncoding(bytes, G1_BYTES, field, 'G1')) return new mcl.G1();
      mcl.verifyOrderG1(false);
      try {
        return decode(new mcl.G1(), bytes, field, 'G1');
      } finally {
        mcl.verifyOrderG1(true);
      }
    },

    decodeG2(bytes: Uint8Array, field = 'G2 point'): MclG2 {
      if (checkEncoding(bytes, G2_BYTES, field, 'G2')) throw invalidPoint(field, 'G2 point at infinity is not allowed');
      return decode(new mcl.G2(), bytes, field, 'G2');
    },

    encodeG1(point: MclG1): Uint8Array {
      return point.serialize();
    },

    encodeG2(point: MclG2): Uint8Array {
      return point.serialize();
    },

    hashToG1(message: Uint8Array): MclG1 {
      return mcl.hashAndMapToG1(message);
    },

    mulBaseG1(scalar: bigint): MclG1 {
      return mcl.mul(g1, toFr(scalar));
    },

    mulBaseG2(scalar: bigint): MclG2 {
      return mcl.mul(g2, toFr(scalar));
    },

    mulG1(point: MclG1, scalar: bigint): MclG1 {
      return mcl.mul(point, toFr(scalar));
    },

    msmG1(points: readonly MclG1[], scalars: readonly bigint[]): MclG1 {
      checkMsmInput(points, scalars);
      return mcl.mulVec([...points], scalars.map(toFr));
    },

    msmG2(points: readonly MclG2[], scalars: readonly bigint[]): MclG2 {
      checkMsmInput(points, scalars);
      return mcl.mulVec([...points], scalars.map(toFr));
    },

    pairingEqual(a1: MclG1, a2: MclG2, b1: MclG1, b2: MclG2): boolean {
      // Same convention as blst and the noble backend: an infinity operand never verifies.
      if (a1.isZero() || a2.isZero() || b1.isZero() || b2.isZero()) return false;
      const product = mcl.mul(millerLoop(a1, a2), millerLoop(mcl.neg(b1), b2));
      return mcl.finalExp(product).isOne();
    },

    isInfinityG1(point: MclG1): boolean {
      return point.isZero();
    },
  };
}
