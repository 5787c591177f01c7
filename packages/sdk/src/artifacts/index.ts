export * from './compute.js';
export * from './ids.js';
export * from './mmr.js';
export * from './stake-distribution-schemas.js';
export * from './cardano-database-schemas.js';
export * from './verify.js';
export * from './encode.js';
export * from './kinds.js';
