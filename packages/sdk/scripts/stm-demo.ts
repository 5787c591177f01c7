/**
 * Local STM demo: key generation, registration, signing, aggregation and verification for N parties of unequal
 * stake, with timings. `npm start -- --parties 50 --m 20973 --k 2422 --phi-f 0.2` (mainnet parameters by default).
 */
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import {
  aggregateSignatures,
  createSingleSignature,
  generateStmKeyPair,
  isMithrilError,
  KeyRegistration,
  nobleBackend,
  verifyAggregateSignature,
  type SingleSignature,
} from '../src/index.js';

const { values } = parseArgs({
  options: {
    parties: { type: 'string', default: '50' },
    m: { type: 'string', default: '20973' },
    k: { type: 'string', default: '2422' },
    'phi-f': { type: 'string', default: '0.2' },
  },
});
const parties = Number(values.parties);
const parameters = { m: BigInt(values.m), k: BigInt(values.k), phiF: Number(values['phi-f']) };
const backend = nobleBackend;

function timed<T>(label: string, run: () => T): T {
  const start = performance.now();
  const result = run();
  console.log(`${label.padEnd(44)} ${(performance.now() - start).toFixed(1).padStart(10)} ms`);
  return result;
}

console.log(`STM demo: ${parties} parties, m=${parameters.m}, k=${parameters.k}, phi_f=${parameters.phiF}`);
const keys = timed(`key generation (${parties} parties)`, () => Array.from({ length: parties }, () => generateStmKeyPair(randomBytes(32), backend)));
// Unequal stakes, in lovelace: a few large pools and a long tail.
const stakes = keys.map((_, i) => 1_000_000_000_000n * BigInt(1 + ((i * 7919) % 97)) + BigInt(i));
const closed = timed('registration (PoP checks) and close', () => {
  const registration = new KeyRegistration(backend);
  for (const [i, k] of keys.entries()) registration.register(stakes[i]!, k.verificationKey);
  return registration.close();
});
const message = new TextEncoder().encode(randomBytes(32).toString('hex'));
const signatures: SingleSignature[] = [];
let lost = 0;
timed(`signing (${parties} signers, ${parameters.m} lotteries each)`, () => {
  for (const k of keys) {
    const signerIndex = closed.entries.findIndex((e) => Buffer.from(e.vk).equals(Buffer.from(k.verificationKey.vk)));
    try {
      signatures.push(createSingleSignature({ parameters, signingKey: k.signingKey, closedRegistration: closed, signerIndex, message, backend }));
    } catch (error) {
      if (isMithrilError(error, 'STM_LOTTERY_LOST')) lost++;
      else throw error;
    }
  }
});
const won = signatures.reduce((n, s) => n + s.indexes.length, 0);
console.log(`  ${signatures.length} signatures, ${lost} lost every lottery, ${won} indexes won in all`);
const { signature, indexCount } = timed('aggregation (verifies each signature)', () =>
  aggregateSignatures({ message, signatures, closedRegistration: closed, parameters, backend }),
);
console.log(`  aggregate holds ${signature.signatures.length} signatures, ${indexCount} distinct indexes`);
timed('aggregate verification', () => verifyAggregateSignature({ message, signature, avk: closed.avk, parameters, backend }));
console.log('aggregate signature verified');
