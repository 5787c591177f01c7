/**
 * Validation of Ogmios v6 JSON-RPC messages against the v6.14.0 JSON schemas of the shared fixtures
 * (`ogmios-v6.14.0/schema/ogmios.json` and `cardano.json`, read in place).
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { readFixtureJson } from './fixtures.js';

/** Checks one Ogmios message against a named message schema (`ogmios.json#/properties/<name>`). */
export interface OgmiosSchemas {
  /**
   * Validates a message.
   *
   * @param name - the schema name, e.g. `QueryLedgerStateEpoch` or `QueryLedgerStateEpochResponse`
   * @param message - the parsed message (bigints are checked as numbers)
   * @returns `undefined` when valid, else the ajv error messages
   */
  check(name: string, message: unknown): string[] | undefined;
}

type Json = Record<string, unknown>;

/**
 * The 6.14.0 `RpcError` schema requires a property named `string` (a typo for `message`) that its own
 * `additionalProperties: false` forbids, so no message could ever match it. The loader requires `message` instead.
 */
function fixRpcError(schema: Json): void {
  const rpc = (schema.properties as Json).RpcError as Json;
  const error = (rpc.properties as Json).error as Json;
  error.required = ['code', 'message'];
}

function numbersForChecking(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(numbersForChecking);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, numbersForChecking(v)]));
  }
  return value;
}

let shared: OgmiosSchemas | undefined;

/**
 * Loads the Ogmios v6.14.0 schemas of the fixtures once and returns a checker.
 *
 * @returns the checker
 * @throws {Error} when the fixtures folder holds no Ogmios schemas
 * @example
 * loadOgmiosSchemas().check('QueryLedgerStateEpochResponse', { jsonrpc: '2.0', method: 'queryLedgerState/epoch', result: 3 });
 */
export function loadOgmiosSchemas(): OgmiosSchemas {
  if (shared !== undefined) return shared;
  const ogmios = readFixtureJson<Json>('ogmios-v6.14.0', 'schema', 'ogmios.json');
  const cardano = readFixtureJson<Json>('ogmios-v6.14.0', 'schema', 'cardano.json');
  fixRpcError(ogmios);
  // The files name the draft-07 meta-schema with an https URL that ajv does not know; they are draft-07 documents.
  delete ogmios.$schema;
  delete cardano.$schema;
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema(cardano, 'cardano.json');
  ajv.addSchema(ogmios, 'ogmios.json');
  const validators = new Map<string, ValidateFunction>();
  shared = {
    check(name, message) {
      let validate = validators.get(name);
      if (validate === undefined) {
        validate = ajv.getSchema(`ogmios.json#/properties/${name}`);
        if (validate === undefined) return [`no schema named ${name}`];
        validators.set(name, validate);
      }
      if (validate(numbersForChecking(message))) return undefined;
      return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
    },
  };
  return shared;
}
