import { readFixtureJson, readFixtureText, startFixtureServer } from '@mithril/testing';
import { afterAll, describe, expect, it } from 'vitest';

import { parseCertificate } from '../certificate/schemas.js';
import { createMithrilClient } from '../client/client.js';
import { parseJson, type JsonObject } from '../codec/json.js';
import { decodeAggregateSignatureJsonHex, decodeAvkJsonHex } from '../codec/stm-json.js';
import { isMithrilError } from '../errors.js';
import { createVerificationWorkerPool } from './worker-pool.js';
import { createWorkerMultiSignatureVerifier } from './worker-verifier.js';

const DIR = 'aggregator-fake-2026-05';

interface FixtureCertificate {
  hash: string;
  signed_message: string;
  aggregate_verification_key: string;
  multi_signature: string;
  genesis_signature: string;
  metadata: { parameters: { k: number; m: number; phi_f: number } };
}

const text = readFixtureText(DIR, 'certificates.json');
const certificates = Object.values(JSON.parse(text) as Record<string, FixtureCertificate>);
const parsed = parseJson(text) as JsonObject;
const latestHash = readFixtureJson<{ hash: string }[]>(DIR, 'certificates-list.json')[0]!.hash;
const devnetKey = readFixtureJson<{ devnet_genesis_verification_key: { json_hex: string } }>('genesis-keys.json')
  .devnet_genesis_verification_key.json_hex;
const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('createWorkerMultiSignatureVerifier', () => {
  const pool = createVerificationWorkerPool({ size: 2 });
  afterAll(() => pool.close());
  const verify = createWorkerMultiSignatureVerifier(pool);

  it('lets the client verify the fixture chain to genesis on worker threads', async () => {
    const server = await startFixtureServer();
    try {
      const client = createMithrilClient({ aggregatorEndpoint: server.url, genesisVerificationKey: devnetKey, verifyMultiSignature: verify });
      const result = await client.verifyCertificateChain({ hash: latestHash });
      expect(result.certificate.hash).toBe(latestHash);
      expect(result.validated.length).toBeGreaterThan(1);
    } finally {
      await server.close();
    }
  });

  it('rejects a multi-signature over another certificate’s message with the in-process error', async () => {
    const [a, b] = certificates.filter((c) => c.genesis_signature === '') as [FixtureCertificate, FixtureCertificate];
    const request = {
      message: ascii(b.signed_message),
      signature: decodeAggregateSignatureJsonHex(a.multi_signature),
      avk: decodeAvkJsonHex(a.aggregate_verification_key),
      parameters: { k: BigInt(a.metadata.parameters.k), m: BigInt(a.metadata.parameters.m), phiF: a.metadata.parameters.phi_f },
      certificate: parseCertificate(parsed.get(a.hash)),
    };
    const error = await Promise.resolve(verify(request)).then(() => undefined, (e: unknown) => e);
    expect(isMithrilError(error, 'STM_LOTTERY_LOST'), String(error)).toBe(true);
    await expect(Promise.resolve(verify({ ...request, message: ascii(a.signed_message) }))).resolves.toBeUndefined();
  });
});
