export * from './sum6.js';
export * from './codec.js';
export { parseTextEnvelope, textEnvelope, type TextEnvelope } from './text-envelope.js';
export { kesPeriodAtSlot } from './period.js';
