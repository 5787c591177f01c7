import { describe, expect, it } from 'vitest';
import { createHttpAggregatorClient, SIGNER_NODE_VERSION } from './aggregator-client.js';
import { SignerError } from './errors.js';

function answering(status: number, body = '') {
  const seen: { request: Request; body: string }[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    seen.push({ request, body: await request.text() });
    return new Response(body === '' ? null : body, { status });
  };
  return { seen, client: createHttpAggregatorClient({ aggregatorEndpoint: 'http://in.process/aggregator', fetch }) };
}

const registration = { epoch: 12n, partyId: 'pool1x', verificationKey: 'aa' };
const signature = {
  signedEntityType: { type: 'MithrilStakeDistribution', epoch: 12n } as const,
  partyId: 'pool1x',
  signature: 'bb',
  indexes: [1],
  signedMessage: 'cc'.repeat(32),
};

async function rejection(promise: Promise<unknown>): Promise<SignerError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SignerError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('createHttpAggregatorClient over the SDK transport', () => {
  it('sends the signer headers (no client type) and the encoded bodies, once', async () => {
    const { seen, client } = answering(201);
    expect(await client.registerSigner(registration)).toBe('registered');
    const { request, body } = seen[0]!;
    expect(request.url).toBe('http://in.process/aggregator/register-signer');
    expect(request.headers.get('signer-node-version')).toBe(SIGNER_NODE_VERSION);
    expect(request.headers.get('mithril-api-version')).toBe('0.1.68');
    expect(request.headers.get('mithril-client-type')).toBeNull();
    expect(JSON.parse(body)).toMatchObject({ epoch: 12, party_id: 'pool1x' });
  });

  it('reads 550, 410 and 202 as protocol outcomes', async () => {
    expect(await answering(550).client.registerSigner(registration)).toBe('round-not-open');
    expect(await answering(410).client.registerSignature(signature)).toBe(410);
    expect(await answering(202).client.registerSignature(signature)).toBe(202);
    expect(await answering(200).client.registerSignature(signature)).toBe(201);
    expect(await answering(404).client.getProtocolConfiguration(3n)).toBeUndefined();
  });

  it('maps a 4xx to SIGNER_AGGREGATOR_REJECTED and 5xx or network failures to SIGNER_AGGREGATOR_UNAVAILABLE, without retrying', async () => {
    const refused = answering(400, '{"label":"Could not decode signature payload","message":"bad"}');
    const error = await rejection(refused.client.registerSignature(signature));
    expect(error.code).toBe('SIGNER_AGGREGATOR_REJECTED');
    expect(error.details).toMatchObject({ status: 400, label: 'Could not decode signature payload' });
    expect(error.message).toMatch(/^\/register-signatures: /);
    expect(refused.seen).toHaveLength(1);
    const failing = answering(500, '{"message":"boom"}');
    expect((await rejection(failing.client.getEpochSettings())).code).toBe('SIGNER_AGGREGATOR_UNAVAILABLE');
    expect(failing.seen).toHaveLength(1);
    const down = createHttpAggregatorClient({ aggregatorEndpoint: 'http://x/a', fetch: () => Promise.reject(new TypeError('refused')) });
    expect((await rejection(down.registerSigner(registration))).code).toBe('SIGNER_AGGREGATOR_UNAVAILABLE');
  });

  it('refuses a malformed endpoint', () => {
    expect(() => createHttpAggregatorClient({ aggregatorEndpoint: 'not a url' })).toThrow(SignerError);
    expect(() => createHttpAggregatorClient({ aggregatorEndpoint: 'ftp://x' })).toThrow(/aggregatorEndpoint/);
  });
});
