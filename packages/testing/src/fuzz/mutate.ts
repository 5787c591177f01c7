/**
 * Mutations of the fuzzer: on the lossless JSON tree (values, keys, array shapes, JSON-hex members decoded and
 * mutated inside), on the JSON text (bytes, spellings, whitespace, duplicate keys) and on binary encodings.
 */
import { bytesToHex, hexToBytes, JsonF64, parseJson, stringifyJson, type JsonValue } from '@mithril/sdk';
import type { Rng } from './rng.js';

const U64_MAX = (1n << 64n) - 1n;
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'];
const HEX = '0123456789abcdef';

type Slot = { readonly get: () => JsonValue; readonly set: (v: JsonValue) => void; readonly remove?: () => void };

/** Every value of a tree with a way to replace it (the root excluded), collected without recursion. */
function slots(root: JsonValue): Slot[] {
  const out: Slot[] = [];
  const stack: JsonValue[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (Array.isArray(node)) {
      node.forEach((child, i) => {
        out.push({
          get: () => node[i]!,
          set: (v) => {
            node[i] = v;
          },
          remove: () => void node.splice(i, 1),
        });
        stack.push(child);
      });
    } else if (node instanceof Map) {
      for (const [key, child] of node) {
        out.push({ get: () => node.get(key)!, set: (v) => void node.set(key, v), remove: () => void node.delete(key) });
        stack.push(child);
      }
    }
  }
  return out;
}

function isJsonHex(s: string): boolean {
  return s.length >= 4 && s.length % 2 === 0 && /^(5b|7b)[0-9a-f]*$/.test(s);
}

function mutateString(rng: Rng, s: string): string {
  if (s.length === 0) return rng.pick(['x', '0', '\u0000']);
  const i = rng.int(s.length);
  switch (rng.int(6)) {
    case 0: {
      // A hex digit for another keeps the string well-formed: the mutation reaches the decoders and the crypto.
      const c = HEX[(HEX.indexOf(s[i]!.toLowerCase()) + 1 + rng.int(15)) % 16]!;
      return s.slice(0, i) + c + s.slice(i + 1);
    }
    case 1:
      return s.slice(0, i);
    case 2:
      return s + s.slice(i, i + 2);
    case 3:
      return s.toUpperCase();
    case 4:
      return s.slice(0, i) + s.slice(i + 1);
    default:
      return rng.pick(['', ' ', s + s, `${s}\u00e9`]);
  }
}

function mutateNumber(rng: Rng, n: number | bigint): JsonValue {
  const big = BigInt(n);
  switch (rng.int(6)) {
    case 0:
      return big + 1n;
    case 1:
      return big - 1n;
    case 2:
      return new JsonF64(Number(n));
    case 3:
      return rng.pick([0, -1, 2 ** 53, U64_MAX, U64_MAX + 1n, -(1n << 63n) - 1n]);
    case 4:
      return big * 2n;
    default:
      return String(n);
  }
}

function randomScalar(rng: Rng): JsonValue {
  return rng.pick<JsonValue>([null, true, false, 0, 1, -1, '', 'x', new JsonF64(0.5), new JsonF64(1), [], new Map()]);
}

function mutateValue(rng: Rng, value: JsonValue, depth: number): JsonValue {
  if (typeof value === 'string') {
    if (depth < 2 && isJsonHex(value) && rng.chance(0.6)) {
      // A JSON-hex member (multi-signature, AVK, proof): mutate the JSON inside and re-encode it.
      try {
        const inner = parseJson(new TextDecoder().decode(hexToBytes(value)));
        const mutated = mutateTree(rng, inner, depth + 1);
        return bytesToHex(new TextEncoder().encode(stringifyJson(mutated)));
      } catch {
        return mutateString(rng, value);
      }
    }
    return rng.chance(0.9) ? mutateString(rng, value) : randomScalar(rng);
  }
  if (typeof value === 'number' || typeof value === 'bigint') return rng.chance(0.9) ? mutateNumber(rng, value) : randomScalar(rng);
  if (Array.isArray(value)) {
    const copy = [...value];
    if (copy.length === 0 || rng.chance(0.1)) return rng.chance(0.5) ? [randomScalar(rng)] : randomScalar(rng);
    const i = rng.int(copy.length);
    switch (rng.int(5)) {
      case 0:
        copy.splice(i, 1);
        break;
      case 1:
        copy.splice(i, 0, copy[i]!);
        break;
      case 2: {
        const j = rng.int(copy.length);
        [copy[i], copy[j]] = [copy[j]!, copy[i]!];
        break;
      }
      case 3:
        copy.reverse();
        break;
      default:
        copy.push(copy[i]!);
    }
    return copy;
  }
  if (value instanceof Map) {
    const copy = new Map(value);
    const keys = [...copy.keys()];
    const key = keys.length > 0 ? rng.pick(keys) : undefined;
    switch (rng.int(4)) {
      case 0:
        if (key !== undefined) copy.delete(key);
        break;
      case 1:
        copy.set(rng.pick([...PROTO_KEYS, 'x', key ?? 'y']), key === undefined ? 1 : copy.get(key)!);
        break;
      case 2:
        if (key !== undefined) {
          const v = copy.get(key)!;
          copy.delete(key);
          copy.set(rng.pick([...PROTO_KEYS, `${key}_`, key.toUpperCase()]), v);
        }
        break;
      default:
        return new Map([...copy].reverse());
    }
    return copy;
  }
  return randomScalar(rng);
}

/**
 * A mutated copy of a lossless JSON tree: one to three values replaced, removed or reshaped.
 *
 * @param rng - the random source
 * @param tree - the tree (not modified)
 * @param depth - JSON-hex nesting level, to bound recursion into nested encodings
 * @returns the mutated tree
 * @example
 * const mutated = mutateTree(createRng(1), parseJson(text));
 */
export function mutateTree(rng: Rng, tree: JsonValue, depth = 0): JsonValue {
  const root = parseJson(stringifyJson(tree));
  const all = slots(root);
  if (all.length === 0) return mutateValue(rng, root, depth);
  const times = 1 + rng.int(3);
  for (let t = 0; t < times; t++) {
    const slot = rng.pick(all);
    if (slot.remove !== undefined && rng.chance(0.1)) slot.remove();
    else slot.set(mutateValue(rng, slot.get(), depth));
  }
  return root;
}

/**
 * A mutated copy of JSON text: a character changed, inserted or removed, a number re-spelled, whitespace added, a key
 * duplicated, an escape or a lone surrogate put in, or the text cut short.
 *
 * @param rng - the random source
 * @param text - the JSON text
 * @returns the mutated text
 * @example
 * const mutated = mutateText(createRng(1), '{"epoch":18}');
 */
export function mutateText(rng: Rng, text: string): string {
  const i = rng.int(text.length + 1);
  switch (rng.int(8)) {
    case 0:
      return text.slice(0, i) + String.fromCharCode(32 + rng.int(95)) + text.slice(i + 1);
    case 1:
      return text.slice(0, i) + rng.pick([' ', '\n', '\t', ',', '"', '\\', '{', '[', ']', '}', '0', '-']) + text.slice(i);
    case 2:
      return text.slice(0, i) + text.slice(i + 1 + rng.int(4));
    case 3: {
      // An integer spelled as serde reads an f64, or another way.
      const numbers = [...text.matchAll(/(?<=[:,[])-?\d+(?=[,\]}])/g)];
      if (numbers.length === 0) return text.slice(0, i);
      const m = rng.pick(numbers);
      const n = m[0];
      const respelled = rng.pick([`${n}.0`, `${n}e0`, n === '0' ? '-0' : `${n.slice(0, 1)}.${n.slice(1) || '0'}e${n.length - 1}`, `0${n}`, `${n}.`]);
      return text.slice(0, m.index) + respelled + text.slice(m.index + n.length);
    }
    case 4: {
      const keys = [...text.matchAll(/"([a-z_]+)":/g)];
      if (keys.length === 0) return text;
      const m = rng.pick(keys);
      const end = m.index + m[0].length;
      // The same key twice: the reference's serde refuses a duplicate field.
      return `${text.slice(0, end)}${rng.pick(['1', 'null', '""'])},${m[0]}${text.slice(end)}`;
    }
    case 5: {
      const quotes = [...text.matchAll(/"[^"\\]{2,}"/g)];
      if (quotes.length === 0) return text;
      const m = rng.pick(quotes);
      const at = m.index + 1 + rng.int(m[0].length - 2);
      return text.slice(0, at) + rng.pick(['\\ud800', '\\udc00', '\\u0000', '\\u0041', '\\ud83d\\ude00', '\ud800']) + text.slice(at);
    }
    case 6:
      return text.slice(0, i);
    default:
      return text.slice(0, i) + text.slice(i, i + 1 + rng.int(16)) + text.slice(i);
  }
}

/**
 * A mutated copy of binary data: bits flipped, bytes set, inserted, removed or repeated, or the data cut short.
 *
 * @param rng - the random source
 * @param bytes - the data
 * @returns the mutated data
 * @example
 * const mutated = mutateBytes(createRng(1), Uint8Array.of(1, 2, 3));
 */
export function mutateBytes(rng: Rng, bytes: Uint8Array): Uint8Array {
  const out = Array.from(bytes);
  const times = 1 + rng.int(3);
  for (let t = 0; t < times; t++) {
    const i = rng.int(out.length + 1);
    switch (rng.int(6)) {
      case 0:
        if (i < out.length) out[i] = out[i]! ^ (1 << rng.int(8));
        break;
      case 1:
        if (i < out.length) out[i] = rng.pick([0, 0xff, 0x7f, 0x80, 0x1b, 0x9f, 0xbf]);
        break;
      case 2:
        out.splice(i, 0, rng.int(256));
        break;
      case 3:
        out.splice(i, 1 + rng.int(8));
        break;
      case 4:
        out.length = Math.min(out.length, i);
        break;
      default:
        out.splice(i, 0, ...out.slice(i, i + 1 + rng.int(16)));
    }
  }
  return Uint8Array.from(out);
}
