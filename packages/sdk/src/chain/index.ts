export * from './observer.js';
export * from './bech32.js';
// The simulated devnet chain is not part of the root entry: import it from `@mithril/sdk/devnet`.
