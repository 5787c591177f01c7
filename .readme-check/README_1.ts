import { generateStmKeyPair, KeyRegistration, createSingleSignature, aggregateSignatures, verifyAggregateSignature, nobleBackend } from '@mithril/sdk';
declare const message: Uint8Array;
export {};

const parameters = { m: 20973n, k: 2422n, phiF: 0.2 };
const alice = generateStmKeyPair(crypto.getRandomValues(new Uint8Array(32)));
const registration = new KeyRegistration(nobleBackend);
registration.register(1_000_000n, alice.verificationKey); // … and the other parties
const closed = registration.close();
const signature = createSingleSignature({ parameters, signingKey: alice.signingKey, closedRegistration: closed, signerIndex: 0, message });
