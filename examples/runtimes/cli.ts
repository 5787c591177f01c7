/**
 * Command-line entry of the runtimes example, for Node, Bun and Deno: `<runtime> cli.js <endpoint> <genesis-key>
 * [hash]` prints one JSON line (the outcome plus the runtime that produced it) and exits 0 when the chain verifies,
 * 1 when it does not.
 */
import { verifyChain } from './verify.js';

interface DenoGlobal {
  readonly args: readonly string[];
  readonly version: { readonly deno: string };
  exit(code: number): never;
}
interface BunGlobal {
  readonly version: string;
}

const host = globalThis as { Deno?: DenoGlobal; Bun?: BunGlobal };

/** Which runtime runs this script, and its version. */
function runtime(): { name: string; version: string } {
  if (host.Deno !== undefined) return { name: 'deno', version: host.Deno.version.deno };
  if (host.Bun !== undefined) return { name: 'bun', version: host.Bun.version };
  return { name: 'node', version: process.versions.node };
}

const args = host.Deno?.args ?? process.argv.slice(2);
const [aggregatorEndpoint, genesisVerificationKey, hash] = args;
if (aggregatorEndpoint === undefined || genesisVerificationKey === undefined) {
  console.error('usage: cli.js <aggregator-endpoint> <genesis-verification-key> [certificate-hash]');
  host.Deno?.exit(2);
  process.exit(2);
}
const outcome = await verifyChain({ aggregatorEndpoint, genesisVerificationKey, ...(hash !== undefined && { hash }) });
console.log(JSON.stringify({ runtime: runtime(), ...outcome }));
const code = outcome.ok ? 0 : 1;
host.Deno?.exit(code);
process.exit(code);
