import { describe, expect, it } from 'vitest';
import { duplicateCandidates } from './duplicates';

const c = (id: string, description = id) => ({ id, description });

describe('duplicateCandidates', () => {
  it('leaves out the case under review itself', () => {
    const nearby = [c('self'), c('a'), c('b')];
    expect(duplicateCandidates(nearby, 'self').map((x) => x.id)).toEqual(['a', 'b']);
  });

  it('keeps the nearest-first order and lists each case once', () => {
    const nearby = [c('b'), c('self'), c('a'), c('b')];
    expect(duplicateCandidates(nearby, 'self').map((x) => x.id)).toEqual(['b', 'a']);
  });

  it('is empty when the case is alone', () => {
    expect(duplicateCandidates([c('self')], 'self')).toEqual([]);
    expect(duplicateCandidates([], 'self')).toEqual([]);
  });
});
