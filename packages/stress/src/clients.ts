/**
 * Fake clients, as in the reference's load-aggregator: each loops over the artifact list, an artifact's detail and its
 * certificate while the signers sign, until stopped.
 */
import type { HttpTarget } from './http.js';

/** Running clients. */
export interface StressClients {
  /** Stops the loops and returns every read's latency in milliseconds. */
  stop(): Promise<number[]>;
}

const PAUSE_MS = 20;

/**
 * Starts `count` client loops.
 *
 * @param http - the aggregator
 * @param count - clients
 * @param fail - told about each failed read
 * @returns the clients
 * @example
 * const clients = startClients(http, 10, console.error);
 * const latencies = await clients.stop();
 */
export function startClients(http: HttpTarget, count: number, fail: (what: string) => void): StressClients {
  let running = true;
  const latencies: number[] = [];
  const read = async (path: string): Promise<string | undefined> => {
    try {
      const r = await http.get(path);
      latencies.push(r.ms);
      if (r.status === 200) return r.body;
      fail(`client GET ${path}: ${r.status}`);
    } catch (error) {
      fail(`client GET ${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
    return undefined;
  };
  const loop = async (): Promise<void> => {
    while (running) {
      const list = await read('/artifact/mithril-stake-distributions');
      const first = list === undefined ? undefined : (JSON.parse(list) as { hash: string; certificate_hash: string }[])[0];
      if (first !== undefined && running) {
        await read(`/artifact/mithril-stake-distribution/${first.hash}`);
        await read(`/certificate/${first.certificate_hash}`);
      }
      if (running) await read('/certificates');
      await new Promise((done) => setTimeout(done, PAUSE_MS));
    }
  };
  const loops = Array.from({ length: count }, loop);
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
      return latencies;
    },
  };
}
