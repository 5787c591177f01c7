/**
 * Validation of JSON bodies against the response schemas of the reference aggregator's OpenAPI document
 * (fixtures/openapi/*.yaml, OpenAPI 3.1 = JSON Schema 2020-12).
 */
import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import { fixturePath } from './fixtures.js';

/** The OpenAPI document of the reference at `2eedbd254` (api version 0.1.68). */
export const OPENAPI_HEAD_FILE = 'openapi-2eedbd254.yaml';

interface OpenApiDocument {
  info: { version: string };
  paths: Record<string, Record<string, { requestBody?: ResponseObject; responses?: Record<string, ResponseObject> }>>;
  components: { schemas: Record<string, unknown> };
}

interface ResponseObject {
  content?: Record<string, { schema?: unknown }>;
}

/** Validates response bodies of one OpenAPI document. */
export interface OpenApiValidator {
  /** `info.version` of the document. */
  readonly version: string;
  /** Route templates of the document, e.g. `/certificate/{certificate_hash}`. */
  readonly paths: readonly string[];
  /**
   * The route template matching a concrete path (literal segments win over parameters), or `undefined`.
   *
   * @param path - a path relative to the aggregator base, e.g. `/certificate/genesis`
   */
  matchPath(path: string): string | undefined;
  /**
   * Validates a parsed JSON body against the schema of `method path status`.
   *
   * @param method - `get`, `post`, …
   * @param path - a concrete path relative to the aggregator base
   * @param status - the HTTP status (falls back to `default`)
   * @param body - the parsed body
   * @returns `undefined` when valid, else the list of ajv error messages
   * @throws when the document has no such route or no JSON schema for that status
   */
  validateResponse(method: string, path: string, status: number, body: unknown): string[] | undefined;
  /**
   * Validates a parsed JSON request body against the `requestBody` schema of `method path`.
   *
   * @param method - `post`, …
   * @param path - a concrete path relative to the aggregator base
   * @param body - the parsed body
   * @returns `undefined` when valid, else the list of ajv error messages
   * @throws when the document has no such route or no JSON request schema for it
   */
  validateRequest(method: string, path: string, body: unknown): string[] | undefined;
  /**
   * The `examples` of a component schema, as parsed from the YAML (integers are JS numbers).
   *
   * @param schemaName - e.g. `RegisterSignerMessage`
   * @returns the examples (empty when the schema has none)
   * @throws when the document has no such schema
   */
  schemaExamples(schemaName: string): unknown[];
}

/**
 * Loads an OpenAPI document from the fixtures and prepares validators for its response schemas; `$ref`s to
 * `#/components/schemas/*` are resolved by ajv against the whole document.
 *
 * @param file - file name inside `fixtures/openapi`; defaults to {@link OPENAPI_HEAD_FILE}
 * @returns a validator
 */
export function loadOpenApi(file: string = OPENAPI_HEAD_FILE): OpenApiValidator {
  const doc = parseYaml(readFileSync(fixturePath('openapi', file), 'utf8')) as OpenApiDocument;
  // OpenAPI keeps formats such as `bytes` and `int64` that JSON Schema does not define: accept them as annotations.
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  const applyFormats = (addFormats as unknown as { default?: typeof addFormats }).default ?? addFormats;
  applyFormats(ajv);
  // `date-time,` is a typo of the reference document (a trailing comma in the YAML flow).
  for (const format of ['bytes', 'byte', 'int64', 'int32', 'double', 'float', 'date-time,']) ajv.addFormat(format, true);
  const docId = 'openapi.json';
  ajv.addSchema({ $id: docId, components: doc.components }, docId);
  const paths = Object.keys(doc.paths);
  const cache = new Map<string, ValidateFunction>();

  const matchPath = (path: string): string | undefined => {
    const segs = path.split('/').filter((s) => s !== '');
    let best: { template: string; literals: number } | undefined;
    for (const template of paths) {
      const t = template.split('/').filter((s) => s !== '');
      if (t.length !== segs.length) continue;
      let literals = 0;
      let ok = true;
      for (let i = 0; i < t.length; i++) {
        const part = t[i] as string;
        if (part.startsWith('{')) continue;
        if (part !== segs[i]) {
          ok = false;
          break;
        }
        literals++;
      }
      if (ok && (best === undefined || literals > best.literals)) best = { template, literals };
    }
    return best?.template;
  };

  const rewriteRefs = (schema: unknown): unknown => {
    if (Array.isArray(schema)) return schema.map(rewriteRefs);
    if (schema === null || typeof schema !== 'object') return schema;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(schema)) {
      out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `${docId}${v}` : rewriteRefs(v);
    }
    return out;
  };

  const operation = (method: string, path: string) => {
    const template = matchPath(path);
    if (template === undefined) throw new Error(`OpenAPI document has no route for ${path}`);
    return { template, op: doc.paths[template]?.[method.toLowerCase()] };
  };

  const validate = (key: string, schema: unknown, body: unknown): string[] | undefined => {
    if (schema === undefined) throw new Error(`no JSON schema for ${key}`);
    let validator = cache.get(key);
    if (validator === undefined) {
      validator = ajv.compile(rewriteRefs(schema) as object);
      cache.set(key, validator);
    }
    if (validator(body)) return undefined;
    return (validator.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'invalid'}`);
  };

  return {
    version: String(doc.info.version),
    paths,
    matchPath,
    validateResponse(method, path, status, body) {
      const { template, op } = operation(method, path);
      const response = op?.responses?.[String(status)] ?? op?.responses?.default;
      return validate(`${method} ${template} ${status}`, response?.content?.['application/json']?.schema, body);
    },
    validateRequest(method, path, body) {
      const { template, op } = operation(method, path);
      return validate(`${method} ${template} request`, op?.requestBody?.content?.['application/json']?.schema, body);
    },
    schemaExamples(schemaName) {
      const schema = doc.components.schemas[schemaName] as { examples?: unknown[] } | undefined;
      if (schema === undefined) throw new Error(`OpenAPI document has no schema ${schemaName}`);
      return schema.examples ?? [];
    },
  };
}
