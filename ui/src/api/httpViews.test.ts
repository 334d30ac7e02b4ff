import { describe, expect, it } from 'vitest';
import {
  adminCategoriesOf,
  areasOf,
  categoriesOf,
  deskCases,
  detailOf,
  devicesOf,
  enrollableOf,
  kpiRowView,
  meInfo,
  myGridsOf,
  namesOf,
  onlineDetail,
  summary,
  workersOf,
} from './httpViews';
import type { CaseView, Directory, KpiRow, PersonView } from './wire';

const G1 = '130302001001001';
const G2 = '130302001001002';
const G3 = '130302001002001';
const square = (x: number, y: number) => ({ type: 'Polygon' as const, coordinates: [[[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]] as [number, number][]] });

function person(id: string, name: string, role: PersonView['role'], scope: PersonView['scope'], org?: [string, string]): PersonView {
  return { id, username: `u-${id}`, name, role, scope, phone: null, organisation: org?.[0] ?? null, organisation_name: org?.[1] ?? null };
}

const dispatcher = person('d1', '李娜', 'community_dispatcher', { level: 'community', code: '130302001001' });
const dir: Directory = {
  categories: [
    { code: '5101', kind: 'event', major_name_zh: '市容环境', name_zh: '暴露垃圾', name_en: 'Exposed rubbish', accept_minutes: [10, 30, 60], resolve_minutes: [60, 120, 240] },
    { code: '0101', kind: 'component', major_name_zh: '公用设施', name_zh: '井盖', name_en: 'Manhole cover', accept_minutes: [1, 2, 3], resolve_minutes: [4, 5, 6], routing: 'department', department: 'sz', retired: true },
  ],
  areas: [
    { level: 'street', code: '130302001', name: '建设大街街道' },
    { level: 'community', code: '130302001001', name: '红旗里社区' },
  ],
  grids: [
    { code: G1, community: '130302001001', name: '一网格', geometry: square(0, 0) },
    { code: G3, community: '130302001002', name: '别的网格', geometry: square(5, 5) },
  ],
  people: [
    person('w1', '张伟', 'full_time_grid_worker', { level: 'grids', code: [G1] }),
    person('w2', '王芳', 'part_time_grid_worker', { level: 'grids', code: [G2] }),
    person('w3', '赵强', 'full_time_grid_worker', { level: 'grids', code: [G3] }),
    person('h2', '周敏', 'department_handler', { level: 'street', code: '130302001' }, ['sz', '市政工程']),
    person('h1', '陈刚', 'department_handler', { level: 'community', code: '130302001001' }, ['cg', '城市管理局']),
    person('h3', '吴军', 'department_handler', { level: 'community', code: '130302001002' }, ['cg', '城市管理局']),
    person('r1', '孙丽', 'information_reporter', { level: 'community', code: '130302001001' }),
  ],
};

function caseView(over: Partial<CaseView> = {}): CaseView {
  return {
    id: '6f1c2a4e-8d4b-4f7e-9a51-0c3a2b1d9e70',
    grid: G1,
    community: '130302001001',
    outside_grid: false,
    state: 'dispatched',
    category: '5101',
    priority: 'normal',
    description: '垃圾堆放',
    location: { lon: 0.5, lat: 0.5 },
    photos: ['a'.repeat(64)],
    reporter: 'w1',
    assignee: 'w1',
    self_resolved: false,
    reported_at: 1_000,
    updated_at: 1_000,
    due_at: 5_000,
    overdue: false,
    escalation: 0,
    duplicate_of: null,
    resolution: null,
    conflicts: [],
    rework_count: 0,
    ...over,
  };
}

const names = namesOf(dir, dispatcher);

describe('a case as the engine shows it (view::summary)', () => {
  it('names its category, assignee and department; nothing is pending', () => {
    const s = summary(caseView({ department: 'cg', assignee: 'h1' }), names, 1_000);
    expect(s).toMatchObject({ category_name: '暴露垃圾', assignee_name: '陈刚', department: 'cg', department_name: '城市管理局', pending: false, overdue: false, parts: [], part_of: null, report_in_due: null });
    expect('escalation' in s).toBe(false);
    // An unknown code is shown as itself; an unknown person not at all.
    expect(summary(caseView({ category: '9999', assignee: 'x', department: 'zz' }), names, 0)).toMatchObject({ category_name: '9999', assignee_name: null, department_name: 'zz' });
  });
  it('is overdue by the server’s flag, or by a deadline passed while it awaits handling', () => {
    expect(summary(caseView(), names, 6_000).overdue).toBe(true);
    expect(summary(caseView({ state: 'resolved' }), names, 6_000).overdue).toBe(false);
    expect(summary(caseView({ overdue: true, due_at: null }), names, 0).overdue).toBe(true);
  });
  it('says how far an escalated case went, and on the overdue board always', () => {
    const [plain, escalated] = deskCases([caseView(), caseView({ escalation: 2, source: 'hotline', external_ref: '12345-1' })], names, 0);
    expect('escalation' in plain!).toBe(false);
    expect(escalated).toMatchObject({ escalation: 'street', source: 'hotline', external_ref: '12345-1' });
    expect(plain).toMatchObject({ source: 'app', external_ref: null });
    const board = deskCases([caseView(), caseView({ escalation: 3 })], names, 0, true);
    expect(board.map((c) => c.escalation)).toEqual(['none', 'district']);
  });
});

describe('a case’s detail (Engine::detail_of, online_detail)', () => {
  it('has the work’s photos with its note, and evidence kept aside in words', () => {
    const d = detailOf(
      caseView({
        state: 'resolved',
        resolution: { by: 'w1', at: 3, photos: ['b'.repeat(64), 'c'.repeat(64)], note: '已清理' },
        conflicts: [
          { by: 'w2', at: 4, reason: 'task reassigned', photos: ['d'.repeat(64)], note: '来晚了' },
          { by: 'nobody', at: 5, reason: 'late', photos: [], note: '' },
        ],
      }),
      names,
      0,
    );
    expect(d.evidence).toEqual([
      { sha256: 'b'.repeat(64), note: '已清理' },
      { sha256: 'c'.repeat(64), note: '已清理' },
    ]);
    expect(d.conflict).toBe('task reassigned (1 photos, note: "来晚了") from 王芳; late (0 photos, note: "") from nobody');
    expect(d.audit).toEqual([]);
    expect(detailOf(caseView(), names, 0)).toMatchObject({ evidence: [], conflict: null });
  });
  it('names who did each step of the audit trail', () => {
    const d = onlineDetail(
      {
        case: caseView(),
        photos: [],
        audit: [
          { at: 1, actor: 'd1', action: 'accept_case', from: 'reported', to: 'accepted', detail: {} },
          { at: 2, actor: null, action: 'escalate', from: 'dispatched', to: 'dispatched', detail: {} },
        ],
      },
      names,
      0,
    );
    expect(d.audit).toEqual([
      { at: 1, actor_name: '李娜', action: 'accept_case', from: 'reported', to: 'accepted' },
      { at: 2, actor_name: null, action: 'escalate', from: 'dispatched', to: 'dispatched' },
    ]);
  });
});

describe('KPI rows (KpiRowView::from)', () => {
  it('turn fractions into percentages rounded to two decimals and keep the whistle counts and the minutes', () => {
    const row: KpiRow = {
      key: 'cg', name: '城市管理局', reported: 4, due: 4, closed: 3, closed_on_time: 2, dispatched: 4, handled: 3, first_time: 3,
      closing_rate: 0.75, on_time_rate: 0.6667, handling_rate: 0.75, first_time_rate: 1.0,
      called: 3, reported_in_on_time: 2, report_in_rate: 0.666_666, report_in_mean_minutes: 12.5,
      response_mean_minutes: 42.5, response_median_minutes: 30, resolution_mean_minutes: 1500.25, resolution_median_minutes: 960,
    };
    expect(kpiRowView(row)).toEqual({
      key: 'cg', name: '城市管理局', due: 4, closed: 3, closed_on_time: 2, dispatched: 4, handled: 3,
      closing_rate: 75, on_time_rate: 66.67, handling_rate: 75, first_time_rate: 100,
      response_mean_minutes: 42.5, response_median_minutes: 30, resolution_mean_minutes: 1500.25, resolution_median_minutes: 960,
      called: 3, reported_in_on_time: 2, report_in_rate: 66.67, report_in_mean_minutes: 12.5,
    });
  });
  it('from a server without the whistle counts or the minutes: none called, no rate, no minutes', () => {
    const old = { key: 'cg', name: 'x', reported: 0, due: 0, closed: 0, closed_on_time: 0, dispatched: 0, handled: 0, first_time: 0, closing_rate: null, on_time_rate: null, handling_rate: null, first_time_rate: null };
    expect(kpiRowView(old)).toMatchObject({
      called: 0, reported_in_on_time: 0, report_in_rate: null, report_in_mean_minutes: null, closing_rate: null,
      response_mean_minutes: null, response_median_minutes: null, resolution_mean_minutes: null, resolution_median_minutes: null,
    });
  });
  it('a category’s row keeps the server’s code and name', () => {
    const row: KpiRow = {
      key: '5101', name: '暴露垃圾', reported: 2, due: 1, closed: 1, closed_on_time: 1, dispatched: 1, handled: 1, first_time: 1,
      closing_rate: 1, on_time_rate: 1, handling_rate: 1, first_time_rate: 1, response_mean_minutes: null, response_median_minutes: null,
    };
    expect(kpiRowView(row)).toMatchObject({ key: '5101', name: '暴露垃圾', response_mean_minutes: null, resolution_median_minutes: null });
  });
});

describe('workers (Engine::workers)', () => {
  it('of a grid: its grid workers, then the handlers serving its community, by organisation and name', () => {
    const ws = workersOf(dir.people, G1, null);
    expect(ws.map((w) => w.name)).toEqual(['张伟', '陈刚', '周敏']);
    expect(ws[0]).toEqual({ person_id: 'w1', name: '张伟', role: 'full_time_grid_worker', grids: [G1], organisation: null, organisation_code: null });
    expect(ws[1]).toEqual({ person_id: 'h1', name: '陈刚', role: 'department_handler', grids: [], organisation: '城市管理局', organisation_code: 'cg' });
  });
  it('of a community, and of everywhere', () => {
    expect(workersOf(dir.people, null, '130302001001').map((w) => w.name)).toEqual(['张伟', '王芳', '陈刚', '周敏']);
    expect(workersOf(dir.people, null, null).map((w) => w.name)).toEqual(['张伟', '王芳', '赵强', '吴军', '陈刚', '周敏']);
  });
  it('a handler without an organisation name goes by its code', () => {
    const h = person('h9', '钱', 'department_handler', { level: 'district', code: '130302' }, ['gs', '']);
    expect(workersOf([{ ...h, organisation_name: null }], G1, null)[0]).toMatchObject({ organisation: 'gs', organisation_code: 'gs' });
  });
});

describe('reference data from the directory', () => {
  it('categories with their major class, the admin catalogue by code', () => {
    expect(categoriesOf(dir)[0]).toEqual({ code: '5101', kind: 'event', major_code: '51', major_name_zh: '市容环境', name_zh: '暴露垃圾', name_en: 'Exposed rubbish' });
    const admin = adminCategoriesOf(dir);
    expect(admin.map((c) => c.code)).toEqual(['0101', '5101']);
    expect(admin[0]).toMatchObject({ routing: 'department', department: 'sz', retired: true, accept_minutes: [1, 2, 3] });
    expect(admin[1]).toMatchObject({ routing: 'community_queue', department: null, retired: false });
  });
  it('areas by code; my grids those my area covers', () => {
    expect(areasOf(dir).map((a) => a.code)).toEqual(['130302001', '130302001001']);
    expect(myGridsOf(dir, dispatcher.scope).map((g) => g.code)).toEqual([G1]);
    expect(myGridsOf(dir, { level: 'district', code: '130302' }).map((g) => g.code)).toEqual([G1, G3]);
    expect(myGridsOf(dir, { level: 'grids', code: [G3] }).map((g) => g.code)).toEqual([G3]);
  });
  it('who I am, with my community and street by name', () => {
    expect(meInfo(dispatcher, 'dev', 'https://wg.example.cn', dir)).toEqual({
      person_id: 'd1', name: '李娜', role: 'community_dispatcher', username: 'u-d1', server: 'https://wg.example.cn', device_id: 'dev',
      grids: [{ code: G1, name: '一网格', community: '130302001001', geometry: square(0, 0) }],
      community: '130302001001', street: '130302001', community_name: '红旗里社区', street_name: '建设大街街道',
    });
    const street = person('s1', 's', 'street_dispatcher', { level: 'street', code: '130302002' });
    expect(meInfo(street, 'dev', 'x', dir)).toMatchObject({ community: null, street: '130302002', community_name: null, street_name: null });
    const commander = person('c1', 'c', 'district_commander', { level: 'district', code: '130302' });
    expect(meInfo(commander, 'dev', 'x', dir)).toMatchObject({ community: null, street: null });
  });
  it('a community dispatcher enrolls their community’s workers and reporters, others none', () => {
    expect(enrollableOf(dispatcher, dir.people).map((p) => p.username)).toEqual(['u-r1', 'u-w1', 'u-w2']);
    expect(enrollableOf(dispatcher, dir.people)[0]).toEqual({ id: 'r1', username: 'u-r1', name: '孙丽', role: 'information_reporter', scope: { level: 'community', code: '130302001001' }, phone: null });
    expect(enrollableOf({ ...dispatcher, role: 'street_dispatcher' }, dir.people)).toEqual([]);
  });
  it('devices with their person’s name, the most recently seen first', () => {
    const d = (id: string, who: string, created: number, seen: number | null) => ({ id, person_id: who, username: who, name: 'n', created_at: created, last_seen_at: seen, revoked_at: null, last_mid: 0 });
    const out = devicesOf([d('a', 'w1', 10, null), d('b', 'zz', 1, 50), d('c', 'w2', 20, 30)], dir.people);
    expect(out.map((x) => [x.id, x.person_name])).toEqual([['b', ''], ['c', '王芳'], ['a', '张伟']]);
    expect('last_mid' in out[0]!).toBe(false);
  });
});
