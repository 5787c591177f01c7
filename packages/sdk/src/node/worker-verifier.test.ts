import { readFixtureJson, readFixtureText, startFixtureServer } from '@mithril/testing';
import { afterAll, describe, expect, it } from 'vitest';

import { parseCertificate } from '../certificate/schemas.js';
import type { Certificate } from '../certificate/types.js';
import { createMithrilClient } from '../client/client.js';
import { parseJson, type JsonObject } from '../codec/json.js';
import { decodeAggregateSignatureJsonHex, decodeAvkJsonHex } from '../codec/index.js';
import { isMithrilError } from '../errors.js';
import { createVerificationWorkerPool } from './worker-pool.js';
import { createWorkerMultiSignatureVerifier } from './worker-verifier.js';

const DIR = 'aggregator-fake-2026-05';

const parsed = parseJson(readFixtureText(DIR, 'certificates.json')) as JsonObject;
const certificates = [...parsed.values()].map((raw) => parseCertificate(raw)).filter((c) => c.genesisSignature === '');
const latestHash = readFixtureJson<{ hash: string }[]>(DIR, 'certificates-list.json')[0]!.hash;
const devnetKey = readFixtureJson<{ devnet_genesis_verification_key: { json_hex: string } }>('genesis-keys.json').devnet_genesis_verification_key
  .json_hex;
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
    const [a, b] = certificates as [Certificate, Certificate];
    const request = {
      message: ascii(b.signedMessage),
      signature: decodeAggregateSignatureJsonHex(a.multiSignature),
      avk: decodeAvkJsonHex(a.aggregateVerificationKey),
      parameters: a.metadata.parameters,
      certificate: a,
    };
    const error = await Promise.resolve(verify(request)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isMithrilError(error, 'STM_LOTTERY_LOST'), String(error)).toBe(true);
    await expect(Promise.resolve(verify({ ...request, message: ascii(a.signedMessage) }))).resolves.toBeUndefined();
  });
});
