import { describe, expect, it } from 'vitest';
import type { CategoryAdminInfo } from '../api/types';
import { categoryEdit, categoryFormValues, matchesCategory } from './categories';

const manhole: CategoryAdminInfo = {
  code: '0101',
  kind: 'component',
  major_code: '01',
  major_name_zh: '公用设施',
  name_zh: '井盖缺失',
  name_en: 'Missing manhole cover',
  accept_minutes: [30, 60, 120],
  resolve_minutes: [240, 480, 1440],
  routing: 'grid_worker',
  department: null,
  retired: false,
};

describe('categoryEdit', () => {
  it('sends nothing for an unchanged form', () => {
    const { changed, problems } = categoryEdit(manhole, categoryFormValues(manhole));
    expect(changed).toBe(0);
    expect(problems).toEqual({});
  });
  it('sends only the changed fields of a known category', () => {
    const f = categoryFormValues(manhole);
    f.minutes.normal_accept_min = ' 90 ';
    f.name_en = 'Manhole cover missing';
    f.retired = true;
    const { edit, changed } = categoryEdit(manhole, f);
    expect(changed).toBe(3);
    expect(edit).toMatchObject({ normal_accept_min: 90, name_en: 'Manhole cover missing', retired: true });
    expect(edit.routing).toBeNull();
    expect(edit.urgent_accept_min).toBeNull();
    expect(edit.name_zh).toBeNull();
  });
  it('keeps a blank name of a known category and refuses minutes that are not whole and positive', () => {
    const f = categoryFormValues(manhole);
    f.name_zh = ' ';
    f.minutes.high_resolve_min = '0';
    f.minutes.urgent_accept_min = '1.5';
    const { edit, problems } = categoryEdit(manhole, f);
    expect(edit.name_zh).toBeNull();
    expect(problems).toEqual({ high_resolve_min: 'minutes', urgent_accept_min: 'minutes' });
  });
  it('needs every field of a new code, and sends them all', () => {
    const blank = categoryEdit(null, categoryFormValues(null));
    expect(Object.keys(blank.problems).sort()).toEqual(
      ['code', 'major_name_zh', 'name_en', 'name_zh', 'high_accept_min', 'high_resolve_min', 'normal_accept_min', 'normal_resolve_min', 'urgent_accept_min', 'urgent_resolve_min'].sort(),
    );
    const f = categoryFormValues(manhole);
    f.code = '0199';
    const { edit, changed, problems } = categoryEdit(null, f);
    expect(problems).toEqual({});
    expect(changed).toBe(10); // retired (false) stays out
    expect(edit).toMatchObject({ routing: 'grid_worker', urgent_accept_min: 30, normal_resolve_min: 1440, retired: null });
    f.code = '19';
    expect(categoryEdit(null, f).problems).toEqual({ code: 'code' });
  });
});

describe('a department routing', () => {
  it('needs its department, and sends it with the routing', () => {
    const f = categoryFormValues(manhole);
    f.routing = 'department';
    expect(categoryEdit(manhole, f).problems).toEqual({ department: 'required' });
    f.department = ' gs ';
    const { edit, changed, problems } = categoryEdit(manhole, f);
    expect(problems).toEqual({});
    expect(changed).toBe(2);
    expect(edit).toMatchObject({ routing: 'department', department: 'gs' });
  });
  it('sends a changed department alone, and none for another routing', () => {
    const routed = { ...manhole, routing: 'department' as const, department: 'gs' };
    const f = categoryFormValues(routed);
    expect(categoryEdit(routed, f).changed).toBe(0);
    f.department = 'sz';
    expect(categoryEdit(routed, f).edit).toMatchObject({ routing: null, department: 'sz' });
    f.routing = 'community_queue';
    expect(categoryEdit(routed, f).edit).toMatchObject({ routing: 'community_queue', department: null });
  });
});

describe('matchesCategory', () => {
  it('finds by code, class and either name', () => {
    for (const q of ['0101', '公用', '井盖', 'manhole', '  ']) expect(matchesCategory(manhole, q)).toBe(true);
    expect(matchesCategory(manhole, '占道')).toBe(false);
  });
});
