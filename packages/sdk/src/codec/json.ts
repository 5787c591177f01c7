/**
 * Lossless JSON (RFC 8259) parser and compact emitter, compatible with what serde_json writes (stm.md §8.1, §8.2;
 * trap 13). The data model, the parser and the writers live in their own modules.
 */
export { JSON_MAX_DEPTH, JsonF64, type JsonArray, type JsonObject, type JsonValue } from './json-value.js';
export { parseJson } from './json-parse.js';
export { formatJsonF64, stringifyJson } from './json-write.js';
export { toJsonText, type JsonTextOptions } from './json-text.js';
