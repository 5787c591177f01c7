import { describe, expect, it } from 'vitest';
import { cleanRun, restartAt } from './crash-scenario.js';

// The full-size proof: `MITHRIL_CRASH_EPOCHS=20 npx vitest run packages/aggregator-kit/src/crash`.
const EPOCHS = Number(process.env['MITHRIL_CRASH_EPOCHS'] ?? '3');

describe('systematic crash test', () => {
  it(`a kill right after any write of a ${EPOCHS}-epoch run loses, duplicates and orphans nothing`, async () => {
    const { result, points } = await cleanRun(EPOCHS);
    expect(result).toMatchObject({ lost: [], duplicated: [], artifactLess: [], certificates: 1 + 2 * EPOCHS });
    const totals = { writePoints: points.length, restarts: 0, lost: 0, duplicated: 0, artifactLess: 0, certificates: 0 };
    for (const [n, point] of points.entries()) {
      const run = await restartAt(point, EPOCHS);
      totals.restarts += run.restarts;
      totals.lost += run.lost.length;
      totals.duplicated += run.duplicated.length;
      totals.artifactLess += run.artifactLess.length;
      totals.certificates += run.certificates;
      expect({ write: n + 1, lost: run.lost, duplicated: run.duplicated, artifactLess: run.artifactLess }).toEqual({
        write: n + 1,
        lost: [],
        duplicated: [],
        artifactLess: [],
      });
    }
    console.info(`crash test (${EPOCHS} epochs): ${JSON.stringify(totals)}`);
    expect(totals.restarts).toBe(points.length);
  }, 3_600_000);
});
