export * from './avk.js';
export * from './epochs.js';
export * from './protocol-message.js';
export * from './stake-distribution-root.js';
export * from './genesis.js';
