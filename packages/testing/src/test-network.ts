/**
 * `@mithril/testing/test-network`: small aggregator networks for the kits' tests, built on the SDK's devnet chain.
 *
 * @packageDocumentation
 */
export { createTestChain, type TestChain } from './network/chain.js';
export { call, DEVNET_GENESIS_SEED, losslessJson, signatureBody, TestSigner } from './network/signers.js';
export { certifiedNetwork, createTestNetwork, steppingClock, type TestNetwork } from './network/network.js';
