import { describe, expect, it } from 'vitest';
import { placeOf } from './place';

describe('placeOf', () => {
  it('names the community and street once synced', () => {
    expect(
      placeOf({ community: '130302001001', community_name: '红旗里社区居委会', street: '130302001', street_name: '文化路街道' }),
    ).toBe('红旗里社区居委会 · 文化路街道');
  });
  it('falls back to the codes before the areas are synced', () => {
    expect(placeOf({ community: '130302001001', community_name: null, street: '130302001', street_name: null }, ' / ')).toBe(
      '130302001001 / 130302001',
    );
  });
  it('leaves out what a district-wide person does not have', () => {
    expect(placeOf({ community: null, community_name: null, street: null, street_name: null })).toBe('');
  });
});
