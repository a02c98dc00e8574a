import { describe, expect, it } from 'vitest';
import { prefixPids } from '../../helpers/redis-prefixes.ts';

describe('the pid in a test Redis prefix', () => {
  it('is read from hb<tag><pid> and hb<tag><pid><stamp>', () => {
    expect(prefixPids('hbstart13094')).toEqual([13094]);
    expect(prefixPids(`hbtest4242${Date.now().toString(36)}`)).toEqual([4242]);
  });

  it('is not taken from digits in the tag or in the stamp', () => {
    expect(prefixPids('hbo2s13094')).toEqual([13094]);
    expect(prefixPids('hbo2s13094mi3k9abc')).toEqual([13094]);
  });

  it('is absent from prefixes the tests do not make, so those are never deleted', () => {
    expect(prefixPids('hostbill')).toEqual([]);
    expect(prefixPids('bull')).toEqual([]);
    expect(prefixPids('hb2')).toEqual([]);
    expect(prefixPids('hbstart')).toEqual([]);
  });
});
