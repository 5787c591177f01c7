/**
 * Benchmark data: 300 signers with equal stake (mainnet-size parameters m = 20973, k = 2422, phi_f = 0.2), one
 * aggregate holding all 300 signatures, the 300 single signatures of that round, and a synthetic chain of 12
 * aggregates (12 messages, same keys, signatures added until k indexes are covered). Produced once with native blst
 * (bench-only dependency) and node:crypto lottery hashing, then cached in bench/.cache/.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';

import {
  bytesToHex,
  closeRegistration,
  type ClosedKeyRegistration,
  createLotteryEvaluator,
  messageWithCommitment,
  type SingleSignature,
} from '@mithril/sdk';
import { nodeLotteryHasher } from '@mithril/sdk/node';
import { blst } from './blst.js';
import {
  type BenchData,
  CHAIN_LENGTH,
  type DataJson,
  decodeBenchData,
  PARAMETERS,
  resolveContests,
  type SignatureJson,
  SIGNERS,
  STAKE,
} from './decode.js';

const CACHE_FILE = new URL('./.cache/data-v1.json', import.meta.url);

function ascii(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** Signs with blst and plays the m lotteries with node:crypto hashing. */
function blstSingle(sk: Uint8Array, signerIndex: number, msgp: Uint8Array, closed: ClosedKeyRegistration): SingleSignature {
  const secret = new blst.SecretKey();
  secret.from_bendian(sk);
  const sigma = new blst.P1().hash_to(msgp, '').sign_with(secret).compress();
  const wins = createLotteryEvaluator(PARAMETERS.phiF, closed.entries[signerIndex]!.stake, closed.totalStake);
  const ev = nodeLotteryHasher(msgp, sigma);
  const indexes: number[] = [];
  for (let i = 0; i < Number(PARAMETERS.m); i++) if (wins(ev(i))) indexes.push(i);
  return { sigma, indexes, signerIndex };
}

function generate(): DataJson {
  const started = performance.now();
  const keys = Array.from({ length: SIGNERS }, (_, i) => createHash('sha256').update(`mithril bench signer ${i}`).digest());
  const secrets = keys.map((k) => {
    const s = new blst.SecretKey();
    s.keygen(k);
    return s.to_bendian();
  });
  const entries = secrets.map((sk) => {
    const secret = new blst.SecretKey();
    secret.from_bendian(sk);
    return { vk: new blst.P2(secret).compress(), stake: STAKE };
  });
  const closed = closeRegistration(entries);
  // Put the keys in signer-index order.
  const byVk = new Map(entries.map((e, i) => [bytesToHex(e.vk), secrets[i]!]));
  const ordered = closed.entries.map((e) => byVk.get(bytesToHex(e.vk))!);
  const messages = Array.from({ length: CHAIN_LENGTH }, (_, j) => createHash('sha256').update(`certificate ${j}`).digest('hex'));
  const round = (j: number, all: boolean): SingleSignature[] => {
    const msgp = messageWithCommitment(ascii(messages[j]!), closed.avk);
    const out: SingleSignature[] = [];
    for (let i = 0; i < SIGNERS; i++) {
      out.push(blstSingle(ordered[i]!, i, msgp, closed));
      if (!all && new Set(resolveContests(out).flatMap((s) => s.indexes)).size >= Number(PARAMETERS.k)) break;
    }
    return out;
  };
  const singles = round(0, true);
  const chain = Array.from({ length: CHAIN_LENGTH }, (_, j) => round(j, false));
  const json = (s: SingleSignature): SignatureJson => ({ sigma: bytesToHex(s.sigma), indexes: [...s.indexes], signerIndex: s.signerIndex });
  process.stderr.write(`bench data generated in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  return {
    signingKeys: ordered.map(bytesToHex),
    verificationKeys: closed.entries.map((e) => bytesToHex(e.vk)),
    messages,
    singles: singles.map(json),
    chain: chain.map((c) => c.map(json)),
  };
}

/**
 * Loads the cached data set, generating it on the first run.
 *
 * @returns the decoded data
 */
export function loadBenchData(): BenchData {
  let raw: DataJson;
  if (existsSync(CACHE_FILE)) {
    raw = JSON.parse(readFileSync(CACHE_FILE, 'utf8')) as DataJson;
  } else {
    raw = generate();
    mkdirSync(new URL('./.cache/', import.meta.url), { recursive: true });
    writeFileSync(CACHE_FILE, JSON.stringify(raw));
  }
  return decodeBenchData(raw);
}

/** Reads the raw cached JSON text (for the browser page). */
export function benchDataText(): string {
  loadBenchData();
  return readFileSync(CACHE_FILE, 'utf8');
}
