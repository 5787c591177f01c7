/**
 * Browser side of the Chromium figure: fetches the cached data set and times verifyAggregateSignature (cold, pure
 * default lottery hashing) with the noble and mcl backends. Bundled by bench/browser.ts with esbuild.
 */
import { type BlsBackend, nobleBackend, verifyAggregateSignature } from '@mithril/sdk';
import { createMclBackend } from '@mithril/sdk/bls-mcl';
import { decodeBenchData, PARAMETERS } from './decode.js';

async function runBench(): Promise<Record<string, number>> {
  const data = decodeBenchData(await (await fetch('/data.json')).json());
  const backends: [string, BlsBackend][] = [
    ['noble', nobleBackend as BlsBackend],
    ['mcl', (await createMclBackend()) as BlsBackend],
  ];
  const results: Record<string, number> = {};
  for (const [name, backend] of backends) {
    const run = () =>
      verifyAggregateSignature({ message: data.messages[0]!, signature: data.aggregate, avk: data.closed.avk, parameters: PARAMETERS, backend });
    run();
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const start = performance.now();
      run();
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    results[`${name}.cold`] = times[1]!;
  }
  return results;
}

(globalThis as { runBench?: typeof runBench }).runBench = runBench;
