import { describe, expect, it, vi } from 'vitest';
import { BILLING_FLAG, ensureV8Flags, restartFor } from '../../../jobs/v8-flags.ts';

describe('a worker’s V8 flags', () => {
  it('a worker that bills restarts with --optimize-for-size, keeping its other flags', () => {
    expect(BILLING_FLAG).toBe('--optimize-for-size');
    expect(restartFor(['billing'], ['--enable-source-maps', '--max-old-space-size=256'])).toEqual([
      '--optimize-for-size',
      '--enable-source-maps',
      '--max-old-space-size=256',
    ]);
    expect(restartFor(['mail', 'billing', 'maintenance'], [])).toEqual(['--optimize-for-size']);
  });

  it('one that has the flag already, or does not bill, goes on as it is', () => {
    expect(restartFor(['billing'], ['--optimize-for-size', '--enable-source-maps'])).toBeNull();
    expect(restartFor(['mail'], ['--enable-source-maps'])).toBeNull();
    expect(restartFor(['provisioning', 'mail', 'inventory', 'maintenance'], [])).toBeNull();
  });

  it('a billing worker whose binary cannot be run again says so and goes on, instead of aborting in execve', () => {
    const said = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      // Returning at all is the point: had it called execve, this test process would be gone.
      ensureV8Flags(['billing'], { execPath: '/nonexistent/node', env: {} });
      expect(said).toHaveBeenCalledOnce();
      expect(String(said.mock.calls[0]![0])).toMatch(/Could not restart with --optimize-for-size .*going on without it/);
    } finally {
      said.mockRestore();
    }
  });
});
