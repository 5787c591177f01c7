/**
 * Transaction-proof figures: verification time of a v1 proof message for 1, 10 and 100 hashes over a synthetic
 * Merkle map (20 000 transactions in 2 000 block ranges), and the minified bytes proof verification adds to a browser
 * bundle that already verifies certificates. The time floor is the least hashing the proof needs: one node:crypto
 * Blake2s-256 per proof item and per proven leaf (each enters at least one merge); the size floor is the bundle
 * without proofs.
 */
import { createHash } from 'node:crypto';

import {
  computeCardanoTransactionsMerkleMap,
  encodeMkMapProofJsonHex,
  parseTransactionsProofsV1,
  verifyProofsMessage,
  type MkMapProof,
} from '@mithril/sdk';
import { build } from 'esbuild';

type Figure = (name: string, value: number, floor: number, unit?: string) => void;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function time(run: () => unknown, samples: number): number {
  run();
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  return median(times);
}

function hashInputs(proof: MkMapProof): number {
  return proof.master.items.length + proof.master.leaves.length + proof.subProofs.reduce((n, s) => n + hashInputs(s.proof), 0);
}

async function bundleBytes(source: string): Promise<number> {
  const out = await build({
    stdin: { contents: source, resolveDir: new URL('.', import.meta.url).pathname, loader: 'ts' },
    bundle: true,
    write: false,
    minify: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['source'],
    logLevel: 'silent',
  });
  return out.outputFiles[0]!.contents.length;
}

/**
 * Prints the proof figures.
 *
 * @param figure - the figure printer of bench/run.ts
 * @param log - progress output
 */
export async function runProofFigures(figure: Figure, log: (text: string) => void): Promise<void> {
  log('proofs: building a 20 000-transaction Merkle map');
  const hex = (i: number): string => createHash('sha256').update(String(i)).digest('hex');
  const txs = Array.from({ length: 20_000 }, (_, i) => ({ transactionHash: hex(i), blockNumber: BigInt(Math.floor(i * 1.5)) }));
  const map = computeCardanoTransactionsMerkleMap(txs, 30_000n);
  for (const count of [1, 10, 100]) {
    const hashes = Array.from({ length: count }, (_, i) => txs[(i * 7919) % txs.length]!.transactionHash);
    const proved = map.prove(hashes)!;
    const text = JSON.stringify({
      certificate_hash: '00'.repeat(32),
      certified_transactions: [{ transactions_hashes: proved.proven, proof: encodeMkMapProofJsonHex(proved.proof) }],
      non_certified_transactions: [],
      latest_block_number: 30_000,
    });
    const value = time(() => verifyProofsMessage(parseTransactionsProofsV1(text)), 7);
    const inputs = hashInputs(proved.proof);
    const block = new Uint8Array(64);
    const floor = time(() => {
      for (let i = 0; i < inputs; i++) createHash('blake2s256').update(block).digest();
    }, 7);
    figure(`proof_v1_verify.${count}_hashes`, value, floor);
  }
  const base = "import { verifyCertificateChain } from '@mithril/sdk'; console.log(verifyCertificateChain);";
  const withProofs =
    "import { verifyCertificateChain, parseTransactionsProofsV1, parseTransactionsProofsV2, parseBlocksProofs, verifyProofsMessage, verifyProofsAgainstCertificate } from '@mithril/sdk';" +
    ' console.log(verifyCertificateChain, parseTransactionsProofsV1, parseTransactionsProofsV2, parseBlocksProofs, verifyProofsMessage, verifyProofsAgainstCertificate);';
  const [baseBytes, proofBytes] = [await bundleBytes(base), await bundleBytes(withProofs)];
  figure('browser_bundle.proofs_added', proofBytes - baseBytes, baseBytes, 'bytes');
}
