// The suite lives in @mithril/testing, whose package exports only its index; import the module by path.
import { describeBlsBackendConformance } from '@mithril/testing/bls-conformance';
import { describe, expect, it, vi } from 'vitest';

import { createMclBackend } from './mcl-backend.js';

describeBlsBackendConformance({ name: 'mcl', load: () => createMclBackend() });

describe('createMclBackend', () => {
  it('returns one shared backend named mcl', async () => {
    const a = await createMclBackend();
    expect(a.name).toBe('mcl');
    expect(await createMclBackend()).toBe(a);
  });

  it('reports a value that is not mcl-wasm as BLS_BACKEND_UNAVAILABLE', async () => {
    // A fresh module instance so that the shared, already configured backend is not returned.
    vi.resetModules();
    const { createMclBackend: fresh } = await import('./mcl-backend.js');
    await expect(fresh({ mcl: { default: {} } })).rejects.toMatchObject({ code: 'BLS_BACKEND_UNAVAILABLE' });
  });
});
