import { describe, expect, it } from 'vitest';
import type { GridInfo, Role, ScopeInfo } from '../api/types';
import type { PersonRow } from './admin';
import {
  areaNames,
  areaText,
  communityChoices,
  communityNameFromGrids,
  coverage,
  filterGrids,
  gridLabel,
  isGridWorker,
  labelFits,
  streetChoices,
  streetOf,
  uncoveredGrids,
  workersByGrid,
} from './districtMap';

// Two streets: 红旗里 (three grids) and 河涧里 (one) in the first, 铁路里 (two) in the second.
const HQ = '130302001001';
const HJ = '130302001002';
const TL = '130302002005';
const grid = (code: string, name: string): GridInfo => ({
  code,
  name,
  community: code.slice(0, 12),
  geometry: { type: 'Polygon', coordinates: [] },
});
const GRIDS = [
  grid(`${HQ}001`, '红旗里社区第1网格'),
  grid(`${HQ}002`, '红旗里社区第2网格'),
  grid(`${HQ}003`, '红旗里社区第3网格'),
  grid(`${HJ}001`, '河涧里社区第1网格'),
  grid(`${TL}001`, '铁路里社区第1网格'),
  grid(`${TL}002`, '铁路里社区第2网格'),
];

function person(username: string, name: string, role: Role, scope: ScopeInfo, active: boolean | null = true): PersonRow {
  return { username, name, role, scope, phone: '13800000000', active, devices: 1 };
}
const grids = (...code: string[]): ScopeInfo => ({ level: 'grids', code });

const PEOPLE = [
  person('w1', '王芳', 'full_time_grid_worker', grids(`${HQ}001`)),
  // A part-time worker of two grids, one of them shared with the full-time worker.
  person('w2', '李强', 'part_time_grid_worker', grids(`${HQ}001`, `${HJ}001`)),
  // Deactivated: covers nothing any more.
  person('w3', '赵敏', 'full_time_grid_worker', grids(`${HQ}002`), false),
  person('w4', '陈刚', 'full_time_grid_worker', grids(`${TL}001`)),
  // Not grid workers, whatever their area.
  person('c1', '红旗里受理员', 'community_dispatcher', { level: 'community', code: HQ }),
  person('r1', '信息员', 'information_reporter', { level: 'community', code: TL }),
];

describe('workers per grid', () => {
  const byGrid = workersByGrid(PEOPLE);

  it('lists each grid’s active grid workers, a worker of two grids in both, by name', () => {
    expect(byGrid.get(`${HQ}001`)?.map((p) => p.username)).toEqual(['w2', 'w1']);
    expect(byGrid.get(`${HJ}001`)?.map((p) => p.username)).toEqual(['w2']);
    expect(byGrid.get(`${TL}001`)?.map((p) => p.name)).toEqual(['陈刚']);
  });

  it('leaves out deactivated workers, dispatchers and reporters', () => {
    expect(byGrid.has(`${HQ}002`)).toBe(false);
    expect(isGridWorker(PEOPLE[2]!)).toBe(false);
    expect(isGridWorker(PEOPLE[4]!)).toBe(false);
    expect(isGridWorker(PEOPLE[5]!)).toBe(false);
    expect([...byGrid.values()].flat().some((p) => p.role === 'community_dispatcher')).toBe(false);
  });

  it('counts a grid whose only worker is part-time as covered', () => {
    expect(uncoveredGrids(GRIDS, byGrid).map((g) => g.code)).not.toContain(`${HJ}001`);
  });

  it('names the grids without a worker, by code: the deactivated worker’s grid among them', () => {
    expect(uncoveredGrids(GRIDS, byGrid).map((g) => g.code)).toEqual([`${HQ}002`, `${HQ}003`, `${TL}002`]);
    expect(coverage(GRIDS, byGrid)).toEqual({ grids: 6, uncovered: 3 });
  });

  it('with nobody listed, every grid lacks a worker', () => {
    expect(coverage(GRIDS, workersByGrid([]))).toEqual({ grids: 6, uncovered: 6 });
  });

  it('a worker moved to another grid leaves the old one uncovered and covers the new one', () => {
    const moved = PEOPLE.map((p) => (p.username === 'w4' ? { ...p, scope: grids(`${TL}002`) } : p));
    const after = workersByGrid(moved);
    expect(after.has(`${TL}001`)).toBe(false);
    expect(after.get(`${TL}002`)?.map((p) => p.username)).toEqual(['w4']);
  });
});

describe('street and community filters', () => {
  const byGrid = workersByGrid(PEOPLE);
  const names = areaNames(GRIDS, { community: null, community_name: null, street: '130302001', street_name: '文化路街道' });

  it('synced area names win over names guessed from grids', () => {
    const synced = areaNames(GRIDS, null, [
      { code: '130302001', name: '文化路街道' },
      { code: HQ, name: '红旗里社区（新名）' },
      { code: TL, name: ' ' },
    ]);
    expect(synced.get('130302001')).toBe('文化路街道');
    expect(synced.get(HQ)).toBe('红旗里社区（新名）');
    expect(synced.get(TL)).toBe('铁路里社区'); // a blank synced name keeps the guess
  });

  it('a street is the first nine digits of its communities', () => {
    expect(streetOf(HQ)).toBe('130302001');
  });

  it('filter the grids by street, then community', () => {
    expect(filterGrids(GRIDS, { street: '', community: '' })).toHaveLength(6);
    expect(filterGrids(GRIDS, { street: '130302001', community: '' }).map((g) => g.community)).toEqual([HQ, HQ, HQ, HJ]);
    expect(filterGrids(GRIDS, { street: '130302001', community: HJ }).map((g) => g.code)).toEqual([`${HJ}001`]);
    expect(filterGrids(GRIDS, { street: '', community: TL })).toHaveLength(2);
    // A community of another street shows nothing rather than the wrong grids.
    expect(filterGrids(GRIDS, { street: '130302001', community: TL })).toEqual([]);
  });

  it('offer each street with its grids and how many lack a worker', () => {
    expect(streetChoices(GRIDS, byGrid, names)).toEqual([
      { code: '130302001', name: '文化路街道', grids: 4, uncovered: 2 },
      { code: '130302002', name: null, grids: 2, uncovered: 1 },
    ]);
  });

  it('offer the communities of the chosen street, named from their grids', () => {
    expect(communityChoices(GRIDS, '130302001', byGrid, names)).toEqual([
      { code: HQ, name: '红旗里社区', grids: 3, uncovered: 2 },
      { code: HJ, name: '河涧里社区', grids: 1, uncovered: 0 },
    ]);
    expect(communityChoices(GRIDS, '', byGrid, names).map((c) => c.code)).toEqual([HQ, HJ, TL]);
  });

  it('show an area by name and code, or by code when its name is not known', () => {
    expect(areaText({ code: HQ, name: '红旗里社区' })).toBe(`红旗里社区 ${HQ}`);
    expect(areaText({ code: '130302002', name: null })).toBe('130302002');
  });
});

describe('area names', () => {
  it('take a community’s name from its grids only when they all agree', () => {
    expect(communityNameFromGrids(['红旗里社区第1网格', '红旗里社区第12网格'])).toBe('红旗里社区');
    expect(communityNameFromGrids(['海港社区一网格', '海港社区二网格'])).toBe('海港社区');
    expect(communityNameFromGrids(['海港社区第1网格', '河东社区第2网格'])).toBeNull();
    expect(communityNameFromGrids(['北区', '北区'])).toBeNull();
    expect(communityNameFromGrids([])).toBeNull();
  });

  it('prefer the synced names of the signed-in person’s own areas', () => {
    const names = areaNames(GRIDS, { community: HQ, community_name: '红旗里社区居委会', street: '130302001', street_name: '文化路街道' });
    expect(names.get(HQ)).toBe('红旗里社区居委会');
    expect(names.get('130302001')).toBe('文化路街道');
    expect(names.get(TL)).toBe('铁路里社区');
    expect(areaNames(GRIDS, null).get('130302001')).toBeUndefined();
  });
});

describe('grid labels', () => {
  it('drop the community’s name, keep a name that is nothing else, fall back to the code', () => {
    expect(gridLabel(GRIDS[0]!, '红旗里社区')).toBe('第1网格');
    expect(gridLabel({ code: `${HQ}009`, name: '红旗里社区第9网格' })).toBe('第9网格');
    expect(gridLabel({ code: `${HQ}009`, name: '滨海大道' })).toBe('滨海大道');
    expect(gridLabel({ code: `${HQ}009`, name: '红旗里社区' }, '红旗里社区')).toBe('红旗里社区');
    expect(gridLabel({ code: `${HQ}009`, name: ' ' })).toBe(`${HQ}009`);
  });

  it('are drawn only where they fit: a community’s grids yes, the whole district’s no', () => {
    // 第1网格 at 12 px is about 58 px wide.
    expect(labelFits('第1网格', 12, 90, 60)).toBe(true);
    expect(labelFits('第1网格', 12, 40, 60)).toBe(false);
    expect(labelFits('第1网格', 12, 90, 12)).toBe(false);
    expect(labelFits('130302001001009', 12, 90, 40)).toBe(false);
  });
});
