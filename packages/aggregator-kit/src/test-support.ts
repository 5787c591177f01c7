/**
 * Test support (not exported by the package): a tiny chain stub driven by hand, a fixed clock, and signers made with
 * the SDK's STM functions that compute messages on their own, as real signers do (nodes.md §3).
 */
import {
  closeRegistration,
  createSingleSignature,
  findSignerIndex,
  generateStmKeyPair,
  type StmKeyPair,
} from '@mithril/sdk';
import { createAggregator, type Aggregator } from './aggregator.js';
import {
  computeSignableMessage,
  decodeVerificationKeyPopJsonHex,
  encodeSingleSignatureJsonHex,
  encodeVerificationKeyPopJsonHex,
  genesisVerificationKeyFromSecret,
  jsonToPlain,
  parseJson,
  type ChainObserver,
  type ProtocolParameters,
  type SignableEntityType,
  type TimePoint,
} from './sdk.js';
import type { Clock } from './time.js';
import type { AggregatorOptions } from './types.js';

/** The public devnet genesis seed (certificates.md §5.4): test data, never a real key. */
export const DEVNET_GENESIS_SEED = '76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7';

/** A chain stub whose epoch moves only when told. */
export interface StubChain extends ChainObserver {
  epoch: bigint;
  /** Stakes of the current epoch (replace or mutate to change them from now on). */
  stakes: Map<string, bigint>;
  advance(): void;
  /** Stakes the chain had during an epoch. */
  stakesDuring(epoch: bigint): Map<string, bigint>;
}

/** Creates a chain stub at an epoch with the given stakes. */
export function stubChain(epoch: bigint, stakes: Map<string, bigint>): StubChain {
  const history = new Map<bigint, Map<string, bigint>>();
  const chain: StubChain = {
    network: 'devnet',
    epoch,
    stakes,
    advance() {
      history.set(chain.epoch, new Map(chain.stakes));
      chain.epoch += 1n;
    },
    stakesDuring(e) {
      return e === chain.epoch ? chain.stakes : (history.get(e) ?? chain.stakes);
    },
    async getCurrentEpoch() {
      return chain.epoch;
    },
    async getCurrentTimePoint(): Promise<TimePoint> {
      return {
        epoch: chain.epoch,
        immutableFileNumber: chain.epoch * 4n,
        chainPoint: { slotNumber: chain.epoch * 500n, blockNumber: chain.epoch * 50n, blockHash: 'ab'.repeat(32) },
      };
    },
    async getCurrentStakeDistribution() {
      return new Map(chain.stakes);
    },
  };
  return chain;
}

/** A clock that advances one millisecond and a few nanoseconds per reading. */
export function steppingClock(start = 1_779_374_513_660_381_099n): Clock {
  let now = start;
  return {
    nowNanos() {
      now += 1_000_123n;
      return now;
    },
  };
}

/** A signer with one fresh STM key per registration epoch. */
export class TestSigner {
  readonly keys = new Map<bigint, StmKeyPair>();
  constructor(
    readonly partyId: string,
    readonly seed: number,
  ) {}

  /** The key registered for a recording epoch (created on first use, deterministic). */
  keyFor(epoch: bigint): StmKeyPair {
    let k = this.keys.get(epoch);
    if (k === undefined) {
      const ikm = new Uint8Array(32);
      ikm[0] = this.seed;
      new DataView(ikm.buffer).setBigUint64(8, epoch, false);
      k = generateStmKeyPair(ikm);
      this.keys.set(epoch, k);
    }
    return k;
  }

  /** Body of `POST /register-signer` for a recording epoch. */
  registration(epoch: bigint): Record<string, unknown> {
    return {
      epoch: Number(epoch),
      party_id: this.partyId,
      verification_key: encodeVerificationKeyPopJsonHex(this.keyFor(epoch).verificationKey),
    };
  }
}

/** Sends a JSON request to the aggregator. */
export async function call(aggregator: Pick<Aggregator, 'fetch'>, method: string, path: string, body?: unknown): Promise<Response> {
  const init: RequestInit = { method };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    init.headers = { 'content-type': 'application/json' };
  }
  return aggregator.fetch(new Request(`http://aggregator.test/aggregator${path}`, init));
}

async function getJson<T>(aggregator: Pick<Aggregator, 'fetch'>, path: string): Promise<T> {
  const response = await call(aggregator, 'GET', path);
  if (response.status !== 200) throw new Error(`GET ${path}: ${response.status}`);
  return (await response.json()) as T;
}

interface WireSigner {
  party_id: string;
  verification_key: string;
}

/**
 * Computes, on the signer side, the single-signature body for a signed entity type at the aggregator's epoch, from
 * the epoch settings, the protocol configurations and the chain stakes only.
 *
 * @returns the body of `POST /register-signatures`, or `undefined` when the signer is not a current signer or won
 *   no lottery
 */
export async function signatureBody(
  aggregator: Pick<Aggregator, 'fetch'>,
  chain: StubChain,
  signer: TestSigner,
  type: SignableEntityType,
): Promise<Record<string, unknown> | undefined> {
  const settings = await getJson<{ epoch: number; current_signers: WireSigner[]; next_signers: WireSigner[] }>(aggregator, '/epoch-settings');
  const epoch = BigInt(settings.epoch);
  const params = async (e: bigint): Promise<ProtocolParameters> => {
    const c = await getJson<{ protocol_parameters: { k: number; m: number; phi_f: number } }>(aggregator, `/protocol-configuration/${e}`);
    return { k: BigInt(c.protocol_parameters.k), m: BigInt(c.protocol_parameters.m), phiF: c.protocol_parameters.phi_f };
  };
  // Keys stored under E carry the stakes the chain had during E − 1 (nodes.md §2.1).
  const close = (signers: WireSigner[], storedUnder: bigint) =>
    closeRegistration(
      signers.map((s) => ({
        vk: decodeVerificationKeyPopJsonHex(s.verification_key, 'verification_key', { mode: 'lenient' }).vk,
        stake: chain.stakesDuring(storedUnder - 1n).get(s.party_id)!,
      })),
    );
  const current = close(settings.current_signers, epoch - 1n);
  const next = close(settings.next_signers, epoch);
  const { signedMessage } = computeSignableMessage(type, {
    nextAggregateVerificationKey: next.avk,
    nextProtocolParameters: await params(epoch),
    currentEpoch: epoch,
    cardanoStakeDistribution: chain.stakesDuring(type.epoch + 1n),
  });
  const key = signer.keyFor(epoch - 1n);
  const signerIndex = findSignerIndex(current, key.verificationKey.vk, chain.stakesDuring(epoch - 2n).get(signer.partyId));
  if (signerIndex === undefined) return undefined;
  let signature;
  try {
    signature = createSingleSignature({
      parameters: await params(epoch - 1n),
      signingKey: key.signingKey,
      closedRegistration: current,
      signerIndex,
      message: new TextEncoder().encode(signedMessage),
    });
  } catch {
    return undefined;
  }
  return {
    entity_type: { [type.type]: Number(type.epoch) },
    party_id: signer.partyId,
    signature: encodeSingleSignatureJsonHex(signature),
    indexes: [...signature.indexes],
    signed_message: signedMessage,
  };
}

/** A small network: chain stub, three signers, an aggregator with a devnet genesis key. */
export interface TestNetwork {
  readonly chain: StubChain;
  readonly signers: readonly TestSigner[];
  readonly aggregator: Aggregator;
  /** The options the aggregator was created with (to start another instance on the same storage). */
  readonly options: AggregatorOptions;
  /** Every signer registers for the open round. */
  registerAll(): Promise<number[]>;
  /** Every signer signs the given type at the current epoch; returns the statuses. */
  signAll(type: SignableEntityType, signers?: readonly TestSigner[]): Promise<number[]>;
}

/**
 * Creates a test network at epoch 10 with three pools.
 *
 * @param parameters - protocol parameters (small m and k keep the tests fast)
 * @param overrides - extra aggregator options
 */
export function createTestNetwork(parameters: ProtocolParameters, overrides: Partial<AggregatorOptions> = {}): TestNetwork {
  const signers = [new TestSigner('pool1alpha', 1), new TestSigner('pool1beta', 2), new TestSigner('pool1gamma', 3)];
  const chain = stubChain(
    10n,
    new Map([
      ['pool1alpha', 1_000_000_000n],
      ['pool1beta', 2_000_000_000n],
      ['pool1gamma', 9_007_199_254_740_993n],
    ]),
  );
  const options: AggregatorOptions = {
    chain,
    protocolParameters: parameters,
    genesis: { verificationKey: genesisVerificationKeyFromSecret(DEVNET_GENESIS_SEED), signingKey: DEVNET_GENESIS_SEED },
    clock: steppingClock(),
    ...overrides,
  };
  const aggregator = createAggregator(options);
  return {
    chain,
    signers,
    aggregator,
    options,
    async registerAll() {
      const epoch = chain.epoch + 1n;
      const out: number[] = [];
      for (const s of signers) out.push((await call(aggregator, 'POST', '/register-signer', s.registration(epoch))).status);
      return out;
    },
    async signAll(type, only = signers) {
      const out: number[] = [];
      for (const s of only) {
        const body = await signatureBody(aggregator, chain, s, type);
        if (body !== undefined) out.push((await call(aggregator, 'POST', '/register-signatures', body)).status);
      }
      return out;
    },
  };
}

/**
 * A network that went through one full round: genesis at 11, MSD(12) and CSD(11) certified at epoch 12.
 *
 * @param overrides - extra aggregator options (e.g. storage)
 */
export async function certifiedNetwork(overrides: Partial<AggregatorOptions> = {}): Promise<TestNetwork> {
  const net = createTestNetwork({ k: 5n, m: 50n, phiF: 0.65 }, overrides);
  await net.aggregator.runner.tick();
  await net.registerAll();
  net.chain.advance();
  await net.aggregator.runner.tick();
  await net.registerAll();
  net.chain.advance();
  await net.aggregator.runner.tick();
  await net.signAll({ type: 'MithrilStakeDistribution', epoch: 12n });
  await net.signAll({ type: 'CardanoStakeDistribution', epoch: 11n });
  await net.aggregator.runner.tick();
  return net;
}

/** Parses a response body keeping integers above 2^53 exact (as bigint). */
export async function losslessJson<T>(response: Response): Promise<T> {
  return jsonToPlain(parseJson(await response.text(), 'body')) as T;
}
