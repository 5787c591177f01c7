import fc from 'fast-check';

// Property tests explore random inputs locally; under CI they replay one fixed seed (or FC_SEED) so that a run is
// reproducible. A failure found locally prints its seed, which FC_SEED replays.
const seed = process.env['FC_SEED'] ?? (process.env['CI'] ? '20261123' : undefined);
if (seed !== undefined) fc.configureGlobal({ seed: Number(seed) });
