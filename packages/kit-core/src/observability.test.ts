import { describe, expect, it } from 'vitest';
import { createJsonLineLogger, prometheusText } from './observability.js';

describe('prometheusText', () => {
  it('writes HELP, TYPE and samples, escaping label values', () => {
    const text = prometheusText([
      { name: 'jobs_total', help: 'Jobs\nrun', type: 'counter', samples: [{ value: 3 }] },
      {
        name: 'queue',
        help: 'Queue',
        type: 'gauge',
        samples: [
          { labels: { kind: 'a"b\\c' }, value: 1.5 },
          { labels: { kind: 'x' }, value: NaN },
        ],
      },
    ]);
    expect(text).toBe(
      '# HELP jobs_total Jobs\\nrun\n# TYPE jobs_total counter\njobs_total 3\n# HELP queue Queue\n# TYPE queue gauge\nqueue{kind="a\\"b\\\\c"} 1.5\nqueue{kind="x"} NaN\n',
    );
  });

  it('refuses names Prometheus would refuse', () => {
    expect(() => prometheusText([{ name: '9lives', help: '', type: 'gauge', samples: [] }])).toThrow(TypeError);
    expect(() => prometheusText([{ name: 'ok', help: '', type: 'gauge', samples: [{ labels: { 'bad-label': '1' }, value: 1 }] }])).toThrow(TypeError);
  });
});

describe('createJsonLineLogger', () => {
  it('writes one JSON object per line with pino fields and an RFC 3339 time', () => {
    const lines: string[] = [];
    const logger = createJsonLineLogger(
      'mithril-relay',
      (l) => lines.push(l),
      () => Date.UTC(2026, 4, 21, 14, 41, 53, 660),
    );
    logger.warn({ epoch: 12n }, 'late');
    expect(lines).toEqual(['{"level":40,"time":"2026-05-21T14:41:53.660Z","name":"mithril-relay","epoch":"12","msg":"late"}\n']);
  });
});
