import { describe, expect, it } from 'vitest';
import {
  categoryForm,
  checkedCase,
  checkedTasks,
  deviceId,
  editPerson,
  importQuery,
  kpiQuery,
  moveWorker,
  nearbyQuery,
  newPerson,
  paperSize,
  peopleQuery,
  placardPrint,
  serverFilter,
} from './httpRequests';
import type { NewCase } from './generated';

const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as { code: string }).code;
  }
  return 'ok';
};

const hotline: NewCase = {
  id: null, source: 'hotline', category: '0101', priority: null, lon: 119.6, lat: 39.93,
  address: ' 文化路14号 ', description: ' 井盖缺失 ', external_ref: ' ', worker: null, due_at: null,
};

describe('what the desk files (filing::checked_case, checked_tasks)', () => {
  it('a case is trimmed and checked before sending', () => {
    expect(checkedCase(hotline)).toMatchObject({ description: '井盖缺失', address: '文化路14号', external_ref: null, source: 'hotline' });
    expect(checkedCase({ ...hotline, external_ref: ' 12345-0001 ' }).external_ref).toBe('12345-0001');
    expect(codeOf(() => checkedCase({ ...hotline, description: '  ' }))).toBe('invalid');
    expect(codeOf(() => checkedCase({ ...hotline, lon: 200 }))).toBe('invalid');
    expect(codeOf(() => checkedCase({ ...hotline, lat: Number.NaN }))).toBe('invalid');
  });
  it('tasks need grids, without repeats, and a description', () => {
    const t = checkedTasks({ grids: [' 130302001001001', '130302001001001', '130302001001002'], category: '0101', description: ' 巡查 ', due_at: null });
    expect(t).toEqual({ grids: ['130302001001001', '130302001001002'], category: '0101', description: '巡查', due_at: null });
    expect(codeOf(() => checkedTasks({ grids: [], category: '0101', description: '巡查', due_at: null }))).toBe('invalid');
    expect(codeOf(() => checkedTasks({ grids: ['1303020010'], category: '0101', description: '巡查', due_at: null }))).toBe('invalid');
    expect(codeOf(() => checkedTasks({ grids: ['130302001001001'], category: '0101', description: ' ', due_at: null }))).toBe('invalid');
  });
});

describe('the desk’s queries', () => {
  it('the case filter names the grid, else the community, as the area (desk::server_filter)', () => {
    expect(serverFilter({ grid: '130302001001001', community: '130302001001', state: 'reported', overdue: null })).toEqual({ area: '130302001001001', state: 'reported' });
    expect(serverFilter({ community: '130302001001', category: '0101', overdue: true })).toEqual({ area: '130302001001', category: '0101', overdue: true });
    expect(serverFilter({})).toEqual({});
    // How the cases came in and the period reach the server.
    expect(serverFilter({ overdue: true, source: 'hotline', from: 1000, to: 2000 })).toEqual({ overdue: true, source: 'hotline', from: 1000, to: 2000 });
  });
  it('KPIs name the server’s level for each grouping, category among them, and the period (Engine::kpis)', () => {
    expect(kpiQuery('community', 1000, 2000)).toEqual({ level: 'community', from: 1000, to: 2000 });
    expect(kpiQuery('category', 1000, null)).toEqual({ level: 'category', from: 1000, to: null });
    for (const g of ['grid', 'street', 'worker', 'department'] as const) expect(kpiQuery(g, null, null).level).toBe(g);
  });
  it('a nearby radius is 100 m unless given, at most 5 km', () => {
    const q = { lon: 1, lat: 2, category: '0101' };
    expect(nearbyQuery({ ...q, radius_m: 50 }).radius_m).toBe(50);
    expect(nearbyQuery({ ...q, radius_m: 0 }).radius_m).toBe(100);
    expect(nearbyQuery({ ...q, radius_m: Number.NaN }).radius_m).toBe(100);
    expect(nearbyQuery({ ...q, radius_m: 9000 }).radius_m).toBe(5000);
  });
});

describe('placards (placards::paper_size, community_code)', () => {
  it('sizes and communities are checked before sending; entrances go only when listed', () => {
    expect(paperSize(null)).toBeNull();
    expect(paperSize(' ')).toBeNull();
    expect(paperSize('A4')).toBe('a4');
    expect(codeOf(() => paperSize('letter'))).toBe('invalid');
    expect(placardPrint({ community: ' 130302001001 ', which: 'stale', entrances: ['x'], size: 'A5' })).toEqual({ community: '130302001001', which: 'stale', entrances: [], size: 'a5' });
    expect(placardPrint({ community: '130302001001', which: 'listed', entrances: [' b1/2 '], size: null }).entrances).toEqual(['b1/2']);
    expect(codeOf(() => placardPrint({ community: '1303020010', which: 'all', entrances: [], size: null }))).toBe('invalid');
  });
});

describe('administrators’ forms (admin.rs)', () => {
  it('people go out trimmed with a blank phone left out; an edit keeps what is absent', () => {
    expect(newPerson({ username: ' w1 ', name: ' 王芳 ', role: 'full_time_grid_worker', area: ' 130302001001001;130302001001002 ', phone: '  ' })).toEqual({
      username: 'w1', name: '王芳', role: 'full_time_grid_worker', area: '130302001001001;130302001001002', phone: null,
    });
    expect(editPerson({ name: ' ', role: null, area: null, phone: ' ' })).toEqual({ name: null, role: null, area: null, phone: '' });
    expect(editPerson({ name: null, role: null, area: null, phone: null }).phone).toBeNull();
  });
  it('a category form trims names and keeps what is absent', () => {
    const body = categoryForm({ major_name_zh: null, name_zh: ' 井盖缺失 ', name_en: null, routing: 'grid_worker', department: ' ', urgent_accept_min: null, urgent_resolve_min: null, high_accept_min: null, high_resolve_min: null, normal_accept_min: 90, normal_resolve_min: null, retired: null });
    expect(body).toMatchObject({ name_zh: '井盖缺失', routing: 'grid_worker', department: null, normal_accept_min: 90, major_name_zh: null, retired: null });
  });
  it('grid options go only with grids', () => {
    const args = { kind: 'grids' as const, dry_run: true, file_name: '网格.geojson', gcj02: true, code_property: ' grid_code ' };
    expect(importQuery(args)).toEqual({ dry_run: true, file_name: '网格.geojson', gcj02: true, code_property: 'grid_code' });
    expect(importQuery({ ...args, kind: 'people' })).toEqual({ dry_run: true, file_name: '网格.geojson', gcj02: false, code_property: null });
    expect(importQuery({ ...args, code_property: '  ', file_name: '' })).toMatchObject({ code_property: null, file_name: null });
  });
  it('the people query leaves blanks out', () => {
    expect(peopleQuery({ q: ' 张 ', community: '  ', role: 'full_time_grid_worker' })).toEqual({ q: '张', community: null, role: 'full_time_grid_worker' });
  });
  it('a move names a mistyped grid before sending; device ids are UUIDs', () => {
    expect(moveWorker({ grids: [' 130302001001001 ', ''], open_tasks: 'hand_over' })).toEqual({ grids: ['130302001001001'], open_tasks: 'hand_over' });
    expect(codeOf(() => moveWorker({ grids: ['13030200100'], open_tasks: 'keep' }))).toBe('invalid');
    expect(deviceId(' 6F1C2A4E8D4B4F7E9A510C3A2B1D9E70 ')).toBe('6f1c2a4e-8d4b-4f7e-9a51-0c3a2b1d9e70');
    expect(codeOf(() => deviceId('phone-1'))).toBe('invalid');
  });
});
