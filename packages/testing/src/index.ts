export * from './fixtures.js';
export * from './golden.js';
