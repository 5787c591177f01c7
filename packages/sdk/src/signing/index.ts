export * from './epochs.js';
export * from './message-parts.js';
export * from './signed-entity-types.js';
export * from './protocol-message.js';
export * from './genesis.js';
export * from './cardano-db-message.js';
