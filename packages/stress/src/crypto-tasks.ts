/**
 * The two computations a stress run needs in bulk, written once for the main thread and for the worker threads:
 * deriving the signers' STM keys (with proofs of possession) and signing one message for many signers.
 */
import { createHash } from 'node:crypto';
import {
  type BlsBackend,
  type ClosedKeyRegistration,
  closeRegistration,
  createSingleSignature,
  generateStmKeyPair,
  isMithrilError,
  type ProtocolParameters,
  type RegistrationEntry,
} from '@mithril/sdk';
import { createMclBackend } from '@mithril/sdk/bls-mcl';
import { nodeLotteryHasher } from '@mithril/sdk/node';

/** Keys of one signer, as they cross a thread boundary. */
export interface GeneratedKey {
  readonly index: number;
  readonly signingKey: bigint;
  readonly vk: Uint8Array;
  readonly pop: Uint8Array;
}

/** One signer to sign for: its key and its position in the closed registration. */
interface SignJob {
  readonly signingKey: bigint;
  readonly signerIndex: number;
}

/** A single signature (or a lost lottery) as it crosses a thread boundary. */
export type SignOutcome =
  | { readonly signerIndex: number; readonly sigma: Uint8Array; readonly indexes: readonly number[] }
  | { readonly signerIndex: number; readonly lost: true };

/** A sign request: the registration's entries (closed on the other side, once per id) and the message. */
export interface SignRequest {
  readonly registrationId: string;
  readonly entries: readonly RegistrationEntry[];
  readonly parameters: ProtocolParameters;
  readonly message: string;
  readonly jobs: readonly SignJob[];
}

let backend: Promise<BlsBackend> | undefined;

/** The mcl-wasm backend (about 10× faster than the pure one for keys and signatures), loaded once per thread. */
function fastBackend(): Promise<BlsBackend> {
  backend ??= createMclBackend() as Promise<BlsBackend>;
  return backend;
}

/**
 * The 32 bytes of key material of signer `index` under a seed (same seed, same keys).
 *
 * @param seed - the run's seed
 * @param index - the signer's number
 * @returns the input key material
 */
function keyMaterial(seed: string, index: number): Uint8Array {
  return new Uint8Array(createHash('sha256').update(`mithril-stress/${seed}/${index}`).digest());
}

/**
 * Derives the keys of signers `from` (inclusive) to `to` (exclusive).
 *
 * @param seed - the run's seed
 * @param from - first signer number
 * @param to - end of the range
 * @returns the keys, in order
 */
export async function generateKeys(seed: string, from: number, to: number): Promise<GeneratedKey[]> {
  const bls = await fastBackend();
  const out: GeneratedKey[] = [];
  for (let index = from; index < to; index++) {
    const pair = generateStmKeyPair(keyMaterial(seed, index), bls);
    out.push({ index, signingKey: pair.signingKey, vk: pair.verificationKey.vk, pop: pair.verificationKey.pop });
  }
  return out;
}

const closedCache = new Map<string, ClosedKeyRegistration>();

/**
 * Signs a message for every job; a signer whose lotteries are all lost is reported as such.
 *
 * @param request - the registration, parameters, message and signers
 * @returns one outcome per job, in order
 */
export async function signForAll(request: SignRequest): Promise<SignOutcome[]> {
  const bls = await fastBackend();
  let closed = closedCache.get(request.registrationId);
  if (closed === undefined) {
    closedCache.clear();
    closed = closeRegistration(request.entries);
    closedCache.set(request.registrationId, closed);
  }
  const message = new TextEncoder().encode(request.message);
  return request.jobs.map((job) => {
    try {
      const s = createSingleSignature({
        parameters: request.parameters,
        signingKey: job.signingKey,
        closedRegistration: closed,
        signerIndex: job.signerIndex,
        message,
        backend: bls,
        lotteryHasher: nodeLotteryHasher,
      });
      return { signerIndex: job.signerIndex, sigma: s.sigma, indexes: s.indexes };
    } catch (error) {
      if (isMithrilError(error, 'STM_LOTTERY_LOST')) return { signerIndex: job.signerIndex, lost: true };
      throw error;
    }
  });
}
