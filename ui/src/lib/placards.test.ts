import { describe, expect, it } from 'vitest';
import type { AreaInfo, PlacardEntry, PlacardList, PlacardStatus, Role } from '../api/types';
import { translator } from '../i18n/dictionary';
import { STATUS_ORDER, STATUS_TONE, changedText, communityText, countOf, filterEntries, mainPrint, placardCommunities, printCount } from './placards';

// Two streets: 红旗里 and 河涧里 in 建设街道, 铁路里 in 站前街道.
const AREAS: AreaInfo[] = [
  { level: 'district', code: '130302', name: '海港区' },
  { level: 'street', code: '130302001', name: '建设街道' },
  { level: 'community', code: '130302001002', name: '河涧里社区' },
  { level: 'community', code: '130302001001', name: '红旗里社区' },
  { level: 'street', code: '130302002', name: '站前街道' },
  { level: 'community', code: '130302002005', name: '铁路里社区' },
];
const me = (role: Role, community: string | null = null, street: string | null = null) => ({
  role,
  community,
  community_name: community ? '红旗里社区' : null,
  street,
});

function entry(entrance: string, status: PlacardStatus, changed: string[] = []): PlacardEntry {
  const [building = '', unit = null] = entrance.split('/');
  return {
    entrance,
    building,
    building_name: '1号楼',
    unit,
    grid: '130302001001001',
    grid_name: '红旗里社区第1网格',
    status,
    changed,
    printed_at: status === 'unprinted' ? null : 1,
    posted_at: status === 'posted' ? 2 : null,
    posted_by: status === 'posted' ? '王丽' : null,
    url: `https://wangge.example/e/${entrance}`,
  };
}

function list(entries: PlacardEntry[]): PlacardList {
  const n = (s: PlacardStatus) => entries.filter((e) => e.status === s).length;
  return { community: '130302001001', community_name: '红旗里社区', entries, unprinted: n('unprinted'), stale: n('stale'), to_post: n('to_post'), posted: n('posted') };
}

const ENTRIES = [
  entry('130302001001001-001', 'stale', ['workers', 'community_contact']),
  entry('130302001001001-001/1', 'posted'),
  entry('130302001001001-001/东', 'to_post'),
  entry('130302001001001-002', 'unprinted'),
  entry('130302001001001-002/1', 'unprinted'),
];

describe('the communities a person prints placards for', () => {
  it('are a community dispatcher’s own', () => {
    expect(placardCommunities(me('community_dispatcher', '130302001001', '130302001'), AREAS)).toEqual([
      { code: '130302001001', name: '红旗里社区', street: '建设街道' },
    ]);
    // Named from the session before the areas are synced.
    expect(placardCommunities(me('community_dispatcher', '130302001001'), [])).toEqual([{ code: '130302001001', name: '红旗里社区', street: null }]);
  });
  it('are a street dispatcher’s street’s, in code order', () => {
    expect(placardCommunities(me('street_dispatcher', null, '130302001'), AREAS).map((c) => c.code)).toEqual(['130302001001', '130302001002']);
  });
  it('are every synced community for the commander and administrators, none for others', () => {
    for (const role of ['district_commander', 'administrator'] as const)
      expect(placardCommunities(me(role), AREAS).map((c) => c.code)).toEqual(['130302001001', '130302001002', '130302002005']);
    expect(placardCommunities(me('full_time_grid_worker', '130302001001'), AREAS)).toEqual([]);
    expect(placardCommunities(me('street_dispatcher'), AREAS)).toEqual([]);
  });
  it('read with their street when there are several streets', () => {
    const c = { code: '130302002005', name: '铁路里社区', street: '站前街道' };
    expect(communityText(c, true)).toBe('铁路里社区（站前街道）');
    expect(communityText(c, false)).toBe('铁路里社区');
    expect(communityText({ code: '130302002005', name: null, street: null }, true)).toBe('130302002005');
  });
});

describe('the placard list', () => {
  const l = list(ENTRIES);
  it('counts per status in the order of the chips, each with its colour', () => {
    expect(STATUS_ORDER).toEqual(['unprinted', 'stale', 'to_post', 'posted']);
    expect(STATUS_ORDER.map((s) => countOf(l, s))).toEqual([2, 1, 1, 1]);
    expect(STATUS_ORDER.map((s) => STATUS_TONE[s])).toEqual(['warn', 'danger', 'info', 'ok']);
  });
  it('filters by status, keeping the list’s order', () => {
    expect(filterEntries(ENTRIES, 'all')).toHaveLength(5);
    expect(filterEntries(ENTRIES, 'unprinted').map((e) => e.entrance)).toEqual(['130302001001001-002', '130302001001001-002/1']);
    expect(filterEntries(ENTRIES, 'posted').map((e) => e.unit)).toEqual(['1']);
  });
  it('says what changed in words, in both languages', () => {
    const [stale] = ENTRIES;
    expect(changedText(stale!.changed, translator('zh'))).toBe('网格员、社区联系人');
    expect(changedText(stale!.changed, translator('en'), ', ')).toBe('Grid workers, Community contact');
    expect(changedText(['grid', 'boundary', 'entrance', 'address'], translator('zh'))).toBe('网格、网格边界或楼栋、楼栋单元、地址');
    expect(changedText(['colour'], translator('zh'))).toBe('colour');
    expect(changedText(undefined, translator('zh'))).toBe('');
  });
  it('offers the reprint first while any is stale, then the unprinted, else nothing', () => {
    expect(mainPrint(l)).toBe('stale');
    expect(mainPrint(list(ENTRIES.slice(1)))).toBe('unprinted');
    expect(mainPrint(list(ENTRIES.slice(1, 3)))).toBeNull();
    expect(mainPrint(list([]))).toBeNull();
    expect([printCount(l, 'stale'), printCount(l, 'unprinted'), printCount(l, 'all')]).toEqual([1, 2, 5]);
  });
});
