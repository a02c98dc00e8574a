import { describe, expect, it, vi } from 'vitest';
import { BILLING_FLAG, ensureV8Flags, MAIL_SEMI_SPACE_MB, restartFor } from '../../../jobs/v8-flags.ts';

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

  it('one that has the flag already, or neither bills nor sends email, goes on as it is', () => {
    expect(restartFor(['billing'], ['--optimize-for-size', '--enable-source-maps'])).toBeNull();
    expect(restartFor(['provisioning', 'inventory', 'maintenance'], ['--max-semi-space-size=4'])).toBeNull();
  });

  it('a worker that sends email and does not bill restarts with a 16 MB young generation where a smaller one was set', () => {
    expect(restartFor(['mail'], ['--enable-source-maps', '--max-semi-space-size=4', '--max-old-space-size=256'])).toEqual([
      '--enable-source-maps',
      '--max-old-space-size=256',
      `--max-semi-space-size=${MAIL_SEMI_SPACE_MB}`,
    ]);
    expect(restartFor(['provisioning', 'mail'], ['--max-semi-space-size=4'])).toEqual(['--max-semi-space-size=16']);
    // Already as large, or left to V8: nothing to change.
    expect(restartFor(['mail'], ['--enable-source-maps'])).toBeNull();
    expect(restartFor(['mail'], ['--max-semi-space-size=16'])).toBeNull();
    expect(restartFor(['mail'], ['--max-semi-space-size=32'])).toBeNull();
    // Billing decides: its memory bound comes first.
    expect(restartFor(['mail', 'billing'], ['--max-semi-space-size=4'])).toEqual(['--optimize-for-size', '--max-semi-space-size=4']);
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
