/**
 * STM without an aggregator: key generation, key registration, single signatures (with the lottery), aggregation and
 * verification of the aggregate, then three failures handled by their stable error codes.
 *
 *   node --conditions=source --import tsx main.ts
 */
import { createVerificationWorkerPool, nodeLotteryHasher } from '@mithril/sdk/node';
import {
  aggregateSignatures,
  createSingleSignature,
  findSignerIndex,
  generateStmKeyPair,
  isMithrilError,
  KeyRegistration,
  nobleBackend,
  verifyAggregateSignature,
  type SingleSignature,
  type StmParameters,
} from '@mithril/sdk';

// #region setup
// Small parameters for a quick run; mainnet uses { m: 20973n, k: 2422n, phiF: 0.2 }.
const parameters: StmParameters = { m: 150n, k: 8n, phiF: 0.2 };
const stakes = [5_000n, 4_000n, 3_000n, 2_000n, 1_000n];

// Each party derives its key pair from 32 secret random bytes.
const parties = stakes.map((stake) => ({ stake, keys: generateStmKeyPair(crypto.getRandomValues(new Uint8Array(32))) }));

// Registration checks every proof of possession, then closes into the aggregate verification key (AVK).
const registration = new KeyRegistration(nobleBackend);
for (const { stake, keys } of parties) registration.register(stake, keys.verificationKey);
const closedRegistration = registration.close();
// #endregion setup
console.log(`registered ${registration.size} parties, total stake ${closedRegistration.totalStake}`);

// #region sign
// In Mithril the message is the ASCII text of a certificate's signed_message (64 hex characters).
const message = new TextEncoder().encode('9f8c4d1e'.repeat(8));
const signatures: SingleSignature[] = [];
for (const { stake, keys } of parties) {
  // The signer index is the party's position in the closed registration (sorted by stake, then key bytes).
  const signerIndex = findSignerIndex(closedRegistration, keys.verificationKey.vk, stake);
  if (signerIndex === undefined) throw new Error('party not registered');
  try {
    signatures.push(createSingleSignature({ parameters, signingKey: keys.signingKey, closedRegistration, signerIndex, message }));
  } catch (error) {
    // Winning no lottery is a normal outcome for a small stake: that party has nothing to contribute.
    if (isMithrilError(error, 'STM_LOTTERY_LOST')) continue;
    throw error;
  }
}
// #endregion sign
console.log(`${signatures.length} single signatures, ${signatures.reduce((n, s) => n + s.indexes.length, 0)} lottery indexes won`);

// #region aggregate
const { signature, indexCount } = aggregateSignatures({ message, signatures, closedRegistration, parameters });
verifyAggregateSignature({ message, signature, avk: closedRegistration.avk, parameters }); // throws when invalid
// #endregion aggregate
console.log(`aggregate of ${signature.signatures.length} signatures (${indexCount} indexes, k = ${parameters.k}) verified`);

// #region node
// On Node: the same checks with node:crypto's Blake2b for the lotteries, or on worker threads off the main thread.
verifyAggregateSignature({ message, signature, avk: closedRegistration.avk, parameters, lotteryHasher: nodeLotteryHasher });
const pool = createVerificationWorkerPool({ size: 1 });
try {
  await pool.verifyAggregateSignature({ message, signature, avk: closedRegistration.avk, parameters });
} finally {
  await pool.close();
}
// #endregion node
console.log('aggregate verified again with the node:crypto lottery hasher and on a worker thread');

// #region errors
/** Runs `attempt` and reports the stable code of the MithrilError it throws. */
function expectFailure(label: string, attempt: () => unknown): void {
  try {
    attempt();
  } catch (error) {
    if (!isMithrilError(error)) throw error; // anything else is a bug, not bad input
    console.log(`${label} rejected: ${error.code} (${error.name}: ${error.message})`);
    return;
  }
  throw new Error(`${label} was accepted`);
}

const tampered = new TextEncoder().encode('0'.repeat(64));
expectFailure('aggregate over another message', () =>
  verifyAggregateSignature({ message: tampered, signature, avk: closedRegistration.avk, parameters }),
);
expectFailure('aggregate with a higher quorum', () =>
  verifyAggregateSignature({ message, signature, avk: closedRegistration.avk, parameters: { ...parameters, k: BigInt(indexCount) + 1n } }),
);
expectFailure('second registration of a key', () => {
  const again = new KeyRegistration(nobleBackend);
  again.register(1n, parties[0]!.keys.verificationKey);
  again.register(1n, parties[0]!.keys.verificationKey);
});
// #endregion errors
