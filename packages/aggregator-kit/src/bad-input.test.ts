import { createStorage, type Storage } from 'unstorage';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeVerificationKeyPopJsonHex } from './sdk.js';
import { call, createTestNetwork, signatureBody, type TestNetwork } from '@mithril/testing/test-network';

async function snapshot(storage: Storage): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const key of (await storage.getKeys()).sort()) out[key] = await storage.getItem(key);
  return out;
}

interface Expected {
  readonly status: number;
  /** `undefined`: empty body; a string: `{label, message}` with that label; `null`: `{message}` only. */
  readonly label?: string | null;
}

async function expectRefused(net: TestNetwork, storage: Storage, path: string, body: unknown, expected: Expected): Promise<void> {
  const before = await snapshot(storage);
  const response = await call(net.aggregator, 'POST', path, body);
  const text = await response.text();
  expect({ path, status: response.status }).toEqual({ path, status: expected.status });
  if (expected.label === undefined) {
    expect(text).toBe('');
  } else {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    expect(typeof parsed['message']).toBe('string');
    if (expected.label === null) expect(Object.keys(parsed)).toEqual(['message']);
    else expect(parsed['label']).toBe(expected.label);
  }
  expect(await snapshot(storage)).toEqual(before);
}

const OVERSIZE = JSON.stringify({ padding: 'x'.repeat(256 * 1024) });
const DECODE_SIGNER = 'Could not decode signer payload';
const DECODE_SIGNATURE = 'Could not decode signature payload';

describe('bad input on every POST route: reference status and body, stored state unchanged', () => {
  let net: TestNetwork;
  let storage: Storage;
  let validMsd: Record<string, unknown>;
  let validCsd: Record<string, unknown>;
  const gamma = () => net.signers[2]!;

  beforeAll(async () => {
    storage = createStorage();
    net = createTestNetwork({ k: 5n, m: 50n, phiF: 0.65 }, { storage });
    await net.aggregator.runner.tick();
    await net.registerAll();
    net.chain.advance();
    await net.aggregator.runner.tick();
    await net.registerAll();
    net.chain.advance();
    expect(await net.aggregator.runner.tick()).toBe('signing');
    validMsd = (await signatureBody(net.aggregator, net.chain, gamma(), { type: 'MithrilStakeDistribution', epoch: 12n }))!;
    validCsd = (await signatureBody(net.aggregator, net.chain, gamma(), { type: 'CardanoStakeDistribution', epoch: 11n }))!;
    expect(validMsd).toBeDefined();
    expect(validCsd).toBeDefined();
  }, 60_000);

  it('POST /register-signer', async () => {
    const path = '/register-signer';
    const round = 13;
    const a = net.signers[0]!.keyFor(1000n).verificationKey;
    const b = net.signers[1]!.keyFor(1000n).verificationKey;
    const good = net.signers[2]!.registration(13n);
    await expectRefused(net, storage, path, '{"epoch": 13,', { status: 400, label: 'Bad Request' });
    await expectRefused(net, storage, path, '[1, 2]', { status: 400, label: DECODE_SIGNER });
    await expectRefused(net, storage, path, { ...good, epoch: '13' }, { status: 400, label: DECODE_SIGNER });
    // serde_json reads these spellings as f64, which the u64 `epoch` refuses.
    for (const spelling of ['13.0', '1.3e1', '-0']) {
      const text = JSON.stringify(good).replace(/"epoch":13\b/, `"epoch":${spelling}`);
      expect(text).toContain(`"epoch":${spelling}`);
      await expectRefused(net, storage, path, text, { status: 400, label: DECODE_SIGNER });
    }
    await expectRefused(net, storage, path, { ...good, party_id: 42 }, { status: 400, label: DECODE_SIGNER });
    await expectRefused(net, storage, path, { ...good, kes_period: -1 }, { status: 400, label: DECODE_SIGNER });
    await expectRefused(net, storage, path, OVERSIZE, { status: 413 });
    await expectRefused(net, storage, path, { ...good, epoch: round + 1 }, { status: 500, label: null });
    await expectRefused(net, storage, path, { ...good, epoch: round - 1 }, { status: 500, label: null });
    await expectRefused(net, storage, path, { ...good, verification_key: 'zz' }, { status: 400, label: DECODE_SIGNER });
    await expectRefused(net, storage, path, { ...good, verification_key: '7b7d' }, { status: 400, label: DECODE_SIGNER });
    await expectRefused(
      net,
      storage,
      path,
      { ...good, verification_key: encodeVerificationKeyPopJsonHex({ vk: a.vk, pop: b.pop }) },
      { status: 400, label: 'failed_signer_registration' },
    );
    await expectRefused(net, storage, path, { ...good, party_id: 'pool1unknown' }, { status: 400, label: 'failed_signer_registration' });
    // A replayed registration is accepted (201) and changes nothing.
    expect((await call(net.aggregator, 'POST', path, good)).status).toBe(201);
    await expectRefused(net, storage, path, good, { status: 201 });
    // Another key for an already registered party: 201 and the first registration is kept.
    await expectRefused(net, storage, path, { ...good, verification_key: encodeVerificationKeyPopJsonHex(a) }, { status: 201 });
  });

  it('POST /register-signer before any registration round: 550', async () => {
    const freshStorage = createStorage();
    const fresh = createTestNetwork({ k: 5n, m: 50n, phiF: 0.65 }, { storage: freshStorage });
    await expectRefused(fresh, freshStorage, '/register-signer', fresh.signers[0]!.registration(11n), { status: 550, label: null });
  });

  it('POST /register-signatures', async () => {
    const path = '/register-signatures';
    await expectRefused(net, storage, path, '{"entity_type":', { status: 400, label: 'Bad Request' });
    await expectRefused(net, storage, path, OVERSIZE, { status: 413 });
    await expectRefused(net, storage, path, { ...validMsd, indexes: 'all' }, { status: 400, label: DECODE_SIGNATURE });
    await expectRefused(net, storage, path, { ...validMsd, indexes: [-1] }, { status: 400, label: DECODE_SIGNATURE });
    await expectRefused(net, storage, path, { ...validMsd, party_id: null }, { status: 400, label: DECODE_SIGNATURE });
    await expectRefused(net, storage, path, { ...validMsd, signed_message: 'XYZ' }, { status: 400, label: DECODE_SIGNATURE });
    await expectRefused(net, storage, path, { ...validMsd, signature: 'not hex' }, { status: 400, label: DECODE_SIGNATURE });
    await expectRefused(net, storage, path, { ...validMsd, entity_type: { SomethingNew: 12 } }, { status: 400, label: 'Unknown signed entity type' });
    await expectRefused(
      net,
      storage,
      path,
      { ...validMsd, entity_type: 'MithrilStakeDistribution' },
      { status: 400, label: 'Unknown signed entity type' },
    );
    await expectRefused(
      net,
      storage,
      path,
      { ...validMsd, entity_type: { CardanoImmutableFilesFull: { epoch: 12, immutable_file_number: 3 } } },
      { status: 410, label: 'Discontinued signed entity type' },
    );
    await expectRefused(net, storage, path, { ...validMsd, party_id: 'pool1beta' }, { status: 400, label: 'Could not authenticate signature' });
    await expectRefused(
      net,
      storage,
      path,
      { ...validMsd, signed_message: 'ab'.repeat(32) },
      { status: 400, label: 'Could not authenticate signature' },
    );
    // Authentic for the message it claims, but that is not the open message of MSD(12): 500, like the reference.
    await expectRefused(net, storage, path, { ...validCsd, entity_type: validMsd['entity_type'] }, { status: 500, label: null });

    expect((await call(net.aggregator, 'POST', path, validMsd)).status).toBe(201);
    await expectRefused(net, storage, path, validMsd, { status: 201 }); // replay: nothing changes
    expect(await net.aggregator.runner.tick()).toBe('signing'); // MSD certified, CSD(11) now open
    await expectRefused(net, storage, path, validMsd, { status: 410, label: 'already_certified' });
  });

  it('POST /statistics/cardano-database/immutable-files-restored', async () => {
    const path = '/statistics/cardano-database/immutable-files-restored';
    await expectRefused(net, storage, path, '{', { status: 400, label: 'Bad Request' });
    await expectRefused(net, storage, path, { nb_immutable_files: 'three' }, { status: 400, label: 'Bad Request' });
    await expectRefused(net, storage, path, OVERSIZE, { status: 413 });
  });
});
