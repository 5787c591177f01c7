export * from './compute.js';
export * from './ids.js';
export * from './mmr.js';
export * from './schemas.js';
export * from './verify.js';
export * from './encode.js';
export * from './kinds.js';
