/**
 * Exact text slices of JSON documents: the top-level entries of an object or an array, found without parsing, so u64
 * values above 2^53 reach the client as the fixture wrote them.
 */

/** Splits a JSON object or array text into the exact texts of its top-level entries (keys are `undefined` in arrays). */
function scanTopLevel(text: string): [string | undefined, string][] {
  const out: [string | undefined, string][] = [];
  let i = 0;
  const n = text.length;
  const skipWs = (): void => {
    while (i < n && /\s/.test(text[i] as string)) i++;
  };
  const readString = (): string => {
    const start = i;
    i++;
    while (i < n && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const skipValue = (): void => {
    skipWs();
    if (text[i] === '"') {
      readString();
      return;
    }
    if (text[i] === '{' || text[i] === '[') {
      let depth = 0;
      while (i < n) {
        const c = text[i];
        if (c === '"') {
          readString();
          continue;
        }
        if (c === '{' || c === '[') depth++;
        else if (c === '}' || c === ']') {
          depth--;
          if (depth === 0) {
            i++;
            return;
          }
        }
        i++;
      }
      return;
    }
    while (i < n && !/[\s,}\]]/.test(text[i] as string)) i++;
  };
  skipWs();
  const open = text[i];
  if (open !== '{' && open !== '[') throw new Error('expected a JSON object or array');
  const close = open === '{' ? '}' : ']';
  i++;
  for (;;) {
    skipWs();
    if (text[i] === close) break;
    let key: string | undefined;
    if (open === '{') {
      key = readString();
      skipWs();
      i++; // ':'
      skipWs();
    }
    const start = i;
    skipValue();
    out.push([key, text.slice(start, i)]);
    skipWs();
    if (text[i] === ',') i++;
    else break;
  }
  return out;
}

/**
 * The exact text of each value of a top-level JSON object, by key, found without re-serializing anything (so u64
 * values above 2^53 stay as written).
 *
 * @param text - JSON text of an object, e.g. `certificates.json`
 * @returns key → value text, in document order
 * @throws when the text is not an object
 * @example
 * sliceTopLevelObject('{"a": 18446744073709551615}').get('a') // '18446744073709551615'
 */
export function sliceTopLevelObject(text: string): Map<string, string> {
  return new Map(scanTopLevel(text).map(([k, v]) => [k ?? '', v]));
}

/**
 * The exact text of each element of a top-level JSON array.
 *
 * @param text - JSON text of an array
 * @returns the element texts, in order
 * @example
 * sliceTopLevelArray('[1, {"b": 2}]') // ['1', '{"b": 2}']
 */
export function sliceTopLevelArray(text: string): string[] {
  return scanTopLevel(text).map(([, v]) => v);
}
