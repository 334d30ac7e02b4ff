import { describe, expect, it } from 'vitest';
import type { DeviceInfo, GridInfo } from '../api/types';
import { matchesDevice, parseGridCodes, searchGrids, toggleGridCode } from './moveDevices';

const A = '130302001001001';
const B = '130302001001002';

describe('typed grid codes', () => {
  it('splits on any separator, keeps order and drops duplicates', () => {
    expect(parseGridCodes(` ${A}；${B}, ${A}\n`)).toEqual({ codes: [A, B], bad: [] });
    expect(parseGridCodes(`${A}、${B}`).codes).toEqual([A, B]);
    expect(parseGridCodes('')).toEqual({ codes: [], bad: [] });
  });
  it('names what is not a 15-digit code', () => {
    expect(parseGridCodes(`${A}; 13030200100100; abc`)).toEqual({ codes: [A], bad: ['13030200100100', 'abc'] });
  });
  it('a pick adds or removes one code, keeping the rest', () => {
    expect(toggleGridCode('', A)).toBe(A);
    expect(toggleGridCode(A, B)).toBe(`${A}; ${B}`);
    expect(toggleGridCode(`${A}; ${B}`, A)).toBe(B);
    expect(toggleGridCode('x1', A)).toBe(`x1; ${A}`);
  });
});

describe('grid pick list', () => {
  const grid = (code: string, name: string) => ({ code, name, community: code.slice(0, 12) }) as GridInfo;
  const grids = [grid(B, '海港社区二网格'), grid(A, '海港社区一网格')];
  it('searches code and name, sorted by code', () => {
    expect(searchGrids(grids, '').map((g) => g.code)).toEqual([A, B]);
    expect(searchGrids(grids, '二网格').map((g) => g.code)).toEqual([B]);
    expect(searchGrids(grids, '001001').map((g) => g.code)).toEqual([A, B]);
    expect(searchGrids(grids, '1002').map((g) => g.code)).toEqual([B]);
  });
});

describe('device search', () => {
  const d: DeviceInfo = {
    id: 'x',
    person_id: 'p',
    username: 'wg01',
    person_name: '王芳',
    name: 'Pixel 7',
    created_at: 0,
    last_seen_at: null,
    revoked_at: null,
  };
  it('matches the person or the device name, any case', () => {
    for (const q of ['', '王', 'WG0', 'pixel', ' 7 ']) expect(matchesDevice(d, q)).toBe(true);
    expect(matchesDevice(d, '李')).toBe(false);
  });
});
