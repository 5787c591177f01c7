export * from './epochs.js';
export * from './protocol-message.js';
export * from './genesis.js';
