import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixturePath, readFixtureText } from './fixtures.js';
import { loadOgmiosSchemas } from './ogmios-schema.js';

const vectors = fixturePath('ogmios-v6.14.0', 'vectors');
const QUERY = /^Query/;

/** The vectors of a folder, parsed (their integers fit a double or lose only digits the schema does not look at). */
function vectorsOf(folder: string): Record<string, unknown>[] {
  return readdirSync(`${vectors}/${folder}`).map((file) => JSON.parse(readFixtureText('ogmios-v6.14.0', 'vectors', folder, file)));
}

describe('Ogmios v6.14.0 schemas of the fixtures', () => {
  it("accepts Ogmios's own test vectors for every query folder", () => {
    const schemas = loadOgmiosSchemas();
    let checked = 0;
    for (const folder of readdirSync(vectors).filter((f) => QUERY.test(f))) {
      for (const vector of vectorsOf(folder)) {
        const name = 'result' in vector || 'error' in vector ? `${folder}Response` : folder;
        expect(schemas.check(name, vector), `${folder}: ${JSON.stringify(vector).slice(0, 120)}`).toBeUndefined();
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('refuses changed vectors: a wrong method, a stake that is not an integer, an extra field', () => {
    const schemas = loadOgmiosSchemas();
    const [epoch] = vectorsOf('QueryLedgerStateEpoch');
    expect(schemas.check('QueryLedgerStateEpochResponse', { ...epoch, method: 'queryLedgerState/tip' })).toBeDefined();
    expect(schemas.check('QueryLedgerStateEpochResponse', { ...epoch, extra: 1 })).toBeDefined();
    const [pools] = vectorsOf('QueryLedgerStateStakePools');
    const result = pools!.result as Record<string, Record<string, unknown>>;
    const [id] = Object.keys(result);
    const changed = { ...pools, result: { [id!]: { ...result[id!], stake: { ada: { lovelace: '12' } } } } };
    expect(schemas.check('QueryLedgerStateStakePoolsResponse', changed)).toBeDefined();
  });

  it('accepts a JSON-RPC error with a message (the schema file asks for a property named "string")', () => {
    const schemas = loadOgmiosSchemas();
    expect(schemas.check('RpcError', { jsonrpc: '2.0', error: { code: -32601, message: 'Method not found' }, id: null })).toBeUndefined();
    expect(schemas.check('RpcError', { jsonrpc: '2.0', error: { code: 12, message: 'out of range' } })).toBeDefined();
  });
});
