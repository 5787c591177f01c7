/**
 * Signers of the aggregator test networks, made with the SDK's STM functions: they compute each message on their own
 * from the aggregator's epoch settings and the chain's stakes, as real signers do (nodes.md §3), and talk to the
 * aggregator through its fetch handler.
 */
import {
  closeRegistration,
  computeSignableMessage,
  createSingleSignature,
  decodeVerificationKeyPopJsonHex,
  encodeSingleSignatureJsonHex,
  encodeVerificationKeyPopJsonHex,
  findSignerIndex,
  generateStmKeyPair,
  jsonToPlain,
  parseJson,
  type ProtocolParameters,
  type SignableEntityType,
  type SingleSignature,
  type StmKeyPair,
} from '@mithril/sdk';
import type { Aggregator } from '@mithril/aggregator-kit';
import type { TestChain } from './chain.js';

/** The public devnet genesis seed (certificates.md §5.4): test data, never a real key. */
export const DEVNET_GENESIS_SEED = '76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7';

/**
 * A signer with one fresh, deterministic STM key per registration epoch.
 *
 * @example
 * const alpha = new TestSigner('pool1alpha', 1);
 * await call(aggregator, 'POST', '/register-signer', alpha.registration(11n));
 */
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

/**
 * Sends a request to an aggregator's fetch handler under `/aggregator`, with a JSON body when one is given.
 *
 * @param aggregator - anything with the aggregator's `fetch`
 * @param method - HTTP method
 * @param path - route below `/aggregator`, e.g. `/epoch-settings`
 * @param body - a value sent as JSON, or a string sent as is
 * @returns the response
 * @example
 * const response = await call(net.aggregator, 'GET', '/certificates');
 */
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
 * @param aggregator - the aggregator to read the epoch settings from
 * @param chain - the chain the stakes come from
 * @param signer - the signing test signer
 * @param type - the signed entity type to sign
 * @returns the body of `POST /register-signatures`, or `undefined` when the signer is not a current signer or won
 *   no lottery
 * @throws {Error} when the aggregator does not answer 200 to a read
 * @example
 * const body = await signatureBody(net.aggregator, net.chain, net.signers[0]!, { type: 'MithrilStakeDistribution', epoch: 12n });
 */
export async function signatureBody(
  aggregator: Pick<Aggregator, 'fetch'>,
  chain: TestChain,
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
  let signature: SingleSignature;
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

/**
 * Parses a response body keeping integers above 2^53 exact (as bigint).
 *
 * @param response - the response to read
 * @returns the body as plain values
 * @example
 * const settings = await losslessJson<{ epoch: bigint }>(await call(net.aggregator, 'GET', '/epoch-settings'));
 */
export async function losslessJson<T>(response: Response): Promise<T> {
  return jsonToPlain(parseJson(await response.text(), 'body')) as T;
}
