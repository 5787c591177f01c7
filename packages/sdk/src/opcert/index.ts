export * from './opcert.js';
export * from './certification.js';
