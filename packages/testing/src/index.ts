export * from './fixtures.js';
export * from './golden.js';
export * from './redis.js';
export * from './openapi.js';
export * from './fixture-server.js';
