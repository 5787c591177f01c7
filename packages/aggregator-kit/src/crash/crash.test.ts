import { describe, expect, it } from 'vitest';
import { runCrashScenario } from './crash-scenario.js';

// `MITHRIL_CRASH_EPOCHS=20 npx vitest run packages/aggregator-kit/src/crash` runs the full-size proof.
const EPOCHS = Number(process.env['MITHRIL_CRASH_EPOCHS'] ?? '3');

describe('systematic crash test', () => {
  it(`a kill right after any write of a ${EPOCHS}-epoch run loses, duplicates and orphans nothing`, async () => {
    const clean = await runCrashScenario(undefined, EPOCHS);
    expect(clean).toMatchObject({ restarts: 0, lost: [], duplicated: [], artifactLess: [], certificates: 1 + 2 * EPOCHS });
    const totals = { writePoints: clean.writes, restarts: 0, lost: 0, duplicated: 0, artifactLess: 0 };
    for (let n = 1; n <= clean.writes; n++) {
      const run = await runCrashScenario(n, EPOCHS);
      totals.restarts += run.restarts;
      totals.lost += run.lost.length;
      totals.duplicated += run.duplicated.length;
      totals.artifactLess += run.artifactLess.length;
      expect({ n, lost: run.lost, duplicated: run.duplicated, artifactLess: run.artifactLess }).toEqual({ n, lost: [], duplicated: [], artifactLess: [] });
    }
    console.info(`crash test: ${JSON.stringify(totals)}`);
    expect(totals.restarts).toBe(clean.writes);
  }, 3_600_000);
});
