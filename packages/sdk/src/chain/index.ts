export * from './observer.js';
export * from './devnet.js';
export * from './bech32.js';
