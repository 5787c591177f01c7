/**
 * The floor of every figure: the same STM work done with native blst (@chainsafe/blst 0.2.11) for the curve
 * operations and node:crypto for the lottery hashes. Parsing, lottery decisions, Merkle proofs and aggregation scalars
 * reuse the SDK code, so only the BLS library and the hash implementation differ.
 */
import type { P1, P1_Affine, P2, P2_Affine } from '@chainsafe/blst/dist/bindings.js';
import {
  type AggregateSignature,
  type AggregateVerificationKey,
  aggregationScalars,
  createLotteryEvaluator,
  type LotteryEvaluator,
  merkleLeafBytes,
  messageWithCommitment,
  type RegistrationEntry,
  type SingleSignature,
  type StmParameters,
  verifyBatchPath,
} from '@mithril/sdk';
import { nodeLotteryHasher } from '@mithril/sdk/node';
import { blst } from './blst.js';

/** Decoded keys and evaluators a warm floor keeps, as the SDK cache does. */
export interface FloorCache {
  readonly keys: Map<string, P2_Affine>;
  readonly evaluators: Map<string, LotteryEvaluator>;
  readonly hashed: Map<string, P1_Affine>;
}

export function createFloorCache(): FloorCache {
  return { keys: new Map(), evaluators: new Map(), hashed: new Map() };
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex');
}

function decodeSigma(bytes: Uint8Array): P1_Affine {
  const point = new blst.P1_Affine(bytes);
  if (point.is_inf() || !point.in_group()) throw new Error('invalid sigma');
  return point;
}

function decodeVk(bytes: Uint8Array, cache: FloorCache | undefined): P2_Affine {
  const id = cache ? hex(bytes) : '';
  const known = cache?.keys.get(id);
  if (known) return known;
  const point = new blst.P2_Affine(bytes);
  if (point.is_inf() || !point.in_group()) throw new Error('invalid vk');
  cache?.keys.set(id, point);
  return point;
}

function evaluator(cache: FloorCache | undefined, phiF: number, stake: bigint, total: bigint): LotteryEvaluator {
  const id = `${phiF}:${stake}:${total}`;
  let e = cache?.evaluators.get(id);
  if (!e) {
    e = createLotteryEvaluator(phiF, stake, total);
    cache?.evaluators.set(id, e);
  }
  return e;
}

function le16(value: bigint): Uint8Array {
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = Number((value >> BigInt(8 * i)) & 0xffn);
  return out;
}

function pairingCheck(vk: P2_Affine, sigma: P1_Affine, msgp: Uint8Array): boolean {
  const ctx = new blst.Pairing(true, '');
  if (ctx.aggregate(vk, sigma, msgp) !== 0) return false;
  ctx.commit();
  return ctx.finalverify();
}

/** `verifyAggregateSignature` on blst (stm.md §6.3). */
export function floorVerifyAggregate(
  message: Uint8Array,
  signature: AggregateSignature,
  avk: AggregateVerificationKey,
  parameters: StmParameters,
  cache?: FloorCache,
): void {
  const entries = signature.signatures;
  const sigmas = entries.map((e) => decodeSigma(e.signature.sigma));
  const vks = entries.map((e) => decodeVk(e.registration.vk, cache));
  const msgp = messageWithCommitment(message, avk);
  const seen = new Set<number>();
  let count = 0;
  for (const entry of entries) {
    const wins = evaluator(cache, parameters.phiF, entry.registration.stake, avk.totalStake);
    const ev = nodeLotteryHasher(msgp, entry.signature.sigma);
    for (const index of entry.signature.indexes) {
      if (BigInt(index) > parameters.m || !wins(ev(index))) throw new Error('lottery');
      count++;
      seen.add(index);
    }
  }
  if (count !== seen.size || BigInt(count) < parameters.k) throw new Error('indexes');
  verifyBatchPath(
    avk.mtCommitment,
    entries.map((e) => merkleLeafBytes(e.registration)),
    signature.batchProof,
  );
  let aggSigma: P1;
  let aggVk: P2;
  if (entries.length === 1) {
    aggSigma = sigmas[0]!.to_jacobian();
    aggVk = vks[0]!.to_jacobian();
  } else {
    const scalars = aggregationScalars(entries.map((e) => e.signature.sigma)).map(le16);
    aggSigma = sigmas[0]!.to_jacobian().mult(scalars[0]!);
    aggVk = vks[0]!.to_jacobian().mult(scalars[0]!);
    for (let i = 1; i < entries.length; i++) {
      aggSigma.add(sigmas[i]!.to_jacobian().mult(scalars[i]!));
      aggVk.add(vks[i]!.to_jacobian().mult(scalars[i]!));
    }
  }
  if (!pairingCheck(aggVk.to_affine(), aggSigma.to_affine(), msgp)) throw new Error('aggregate does not verify');
}

/** `verifySingleSignature` on blst (stm.md §5.3), keys from the cache once warm. */
export function floorVerifySingle(
  message: Uint8Array,
  signature: SingleSignature,
  registration: RegistrationEntry,
  avk: AggregateVerificationKey,
  parameters: StmParameters,
  cache?: FloorCache,
): void {
  const msgp = messageWithCommitment(message, avk);
  const sigma = decodeSigma(signature.sigma);
  const vk = decodeVk(registration.vk, cache);
  if (!pairingCheck(vk, sigma, msgp)) throw new Error('signature');
  const wins = evaluator(cache, parameters.phiF, registration.stake, avk.totalStake);
  const ev = nodeLotteryHasher(msgp, signature.sigma);
  for (const index of signature.indexes) {
    if (BigInt(index) > parameters.m || !wins(ev(index))) throw new Error('lottery');
  }
}

/** `createSingleSignature` on blst: sign `msgp`, then play the m lotteries (stm.md §3.7, §5.2). */
export function floorSign(
  signingKey: Uint8Array,
  signerIndex: number,
  message: Uint8Array,
  entry: RegistrationEntry,
  avk: AggregateVerificationKey,
  parameters: StmParameters,
): SingleSignature {
  const msgp = messageWithCommitment(message, avk);
  const secret = new blst.SecretKey();
  secret.from_bendian(signingKey);
  const sigma = new blst.P1().hash_to(msgp, '').sign_with(secret).compress();
  const wins = createLotteryEvaluator(parameters.phiF, entry.stake, avk.totalStake);
  const ev = nodeLotteryHasher(msgp, sigma);
  const indexes: number[] = [];
  for (let i = 0; i < Number(parameters.m); i++) if (wins(ev(i))) indexes.push(i);
  return { sigma, indexes, signerIndex };
}
