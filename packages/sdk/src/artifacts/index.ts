export * from './compute.js';
export * from './ids.js';
export * from './mmr.js';
export * from './schemas.js';
export * from './verify.js';
