// What the browser's HTTP transport makes of the server's answers: the same UI types the device engine makes of them (crates/device/src/engine: view.rs, desk.rs, reference.rs, session.rs, admin.rs), conversion for conversion.

import type {
  AdminAuditInfo,
  AdminPersonInfo,
  AreaInfo,
  BuildingInfo,
  CaseDetailInfo,
  CaseState,
  CaseSummary,
  CategoryAdminInfo,
  CategoryInfo,
  DeskCase,
  DeviceInfo,
  EnrollmentInfo,
  EscalationLevel,
  GridInfo,
  ImportReportInfo,
  KpiRowView,
  MeInfo,
  PersonInfo,
  ScopeInfo,
  WorkerInfo,
} from './generated';
import type { BuildingView, CaseDetail, CaseView, CategoryView, DeviceView, Directory, KpiRow, PersonView } from './wire';

/** Category, person and organisation names, looked up once per call (`view::Names`). */
export interface Names {
  category(code: string): string;
  person(id: string): string | null;
  /** An organisation's name; its code when no person names it. */
  organisation(code: string): string;
}

/** The names of the directory, and of the signed-in person (`Engine::names`). */
export function namesOf(dir: Directory, me: PersonView | null): Names {
  const categories = new Map(dir.categories.map((c) => [c.code, c.name_zh]));
  const people = new Map<string, string>();
  const organisations = new Map<string, string>();
  for (const p of me ? [...dir.people, me] : dir.people) {
    if (p.organisation && p.organisation_name) organisations.set(p.organisation, p.organisation_name);
    people.set(p.id, p.name);
  }
  return {
    category: (code) => categories.get(code) ?? code,
    person: (id) => people.get(id) ?? null,
    organisation: (code) => organisations.get(code) ?? code,
  };
}

/** `CaseState::awaits_handling` (crates/domain): the handler's part is not done yet. */
function awaitsHandling(state: CaseState): boolean {
  return state === 'reported' || state === 'accepted' || state === 'dispatched' || state === 'in_progress';
}

/** The escalation of a case that has escalated (the wire's 1, 2, 3), else none (`view::escalation`). */
export function escalationOf(level: number): EscalationLevel | undefined {
  if (level === 0) return undefined;
  return level === 1 ? 'community' : level === 2 ? 'street' : 'district';
}

/** A case as lists show it (`view::summary`); nothing is pending in a browser. */
export function summary(c: CaseView, names: Names, now: number): CaseSummary {
  const department = c.department ?? null;
  const s: CaseSummary = {
    id: c.id,
    state: c.state,
    category: c.category,
    category_name: names.category(c.category),
    description: c.description,
    grid: c.grid,
    lon: c.location.lon,
    lat: c.location.lat,
    reported_at: c.reported_at,
    due_at: c.due_at,
    // The server's flag, or a deadline that has passed since it was read.
    overdue: c.overdue || (awaitsHandling(c.state) && c.due_at !== null && c.due_at < now),
    assignee_name: c.assignee === null ? null : names.person(c.assignee),
    pending: false,
    photos: [...c.photos],
    department,
    department_name: department === null ? null : names.organisation(department),
    parts: [...(c.parts ?? [])],
    part_of: c.part_of ?? null,
    report_in_due: c.report_in_due ?? null,
  };
  const escalation = escalationOf(c.escalation);
  if (escalation) s.escalation = escalation;
  return s;
}

/** A case on the desk's lists: its summary, source and the other system's reference (`desk::desk_case`). */
export function deskCase(c: CaseView, s: CaseSummary): DeskCase {
  return { ...s, source: c.source ?? 'app', external_ref: c.external_ref ?? null };
}

/** The desk's list of cases (`Engine::case_list`); on the overdue board every case names its escalation. */
export function deskCases(cases: readonly CaseView[], names: Names, now: number, overdueBoard = false): DeskCase[] {
  return cases.map((c) => {
    const s = summary(c, names, now);
    if (overdueBoard) s.escalation = escalationOf(c.escalation) ?? 'none';
    return deskCase(c, s);
  });
}

/** A case with the evidence of the work and any kept-aside evidence, no audit (`Engine::detail_of`). */
export function detailOf(c: CaseView, names: Names, now: number): CaseDetailInfo {
  const r = c.resolution;
  const evidence = r ? r.photos.map((sha256) => ({ sha256, note: r.note })) : [];
  const conflict =
    c.conflicts.length === 0
      ? null
      : c.conflicts
          .map((x) => `${x.reason} (${x.photos.length} photos, note: ${JSON.stringify(x.note)}) from ${names.person(x.by) ?? x.by}`)
          .join('; ');
  return { ...summary(c, names, now), audit: [], evidence, conflict };
}

/** A case from the server with its audit trail (`Engine::online_detail`). */
export function onlineDetail(d: CaseDetail, names: Names, now: number): CaseDetailInfo {
  return {
    ...detailOf(d.case, names, now),
    audit: d.audit.map((a) => ({
      at: a.at,
      actor_name: a.actor === null ? null : names.person(a.actor),
      action: a.action,
      from: a.from,
      to: a.to,
    })),
  };
}

/** The server's fractions as percentages rounded to two decimals (`KpiRowView::from`). */
export function kpiRowView(r: KpiRow): KpiRowView {
  const pct = (x: number | null | undefined) => (x === null || x === undefined ? null : Math.round(x * 10000) / 100);
  const min = (x: number | null | undefined) => x ?? null;
  return {
    key: r.key,
    name: r.name,
    due: r.due,
    closed: r.closed,
    closed_on_time: r.closed_on_time,
    dispatched: r.dispatched,
    handled: r.handled,
    closing_rate: pct(r.closing_rate),
    on_time_rate: pct(r.on_time_rate),
    handling_rate: pct(r.handling_rate),
    first_time_rate: pct(r.first_time_rate),
    response_mean_minutes: min(r.response_mean_minutes),
    response_median_minutes: min(r.response_median_minutes),
    resolution_mean_minutes: min(r.resolution_mean_minutes),
    resolution_median_minutes: min(r.resolution_median_minutes),
    called: r.called ?? 0,
    reported_in_on_time: r.reported_in_on_time ?? 0,
    report_in_rate: pct(r.report_in_rate),
    report_in_mean_minutes: min(r.report_in_mean_minutes),
  };
}

/** Strings in Rust's order (by code point, as UTF-8 bytes compare). */
function byCodePoint(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** Rust's order of `Option<String>`: none first. */
function byOptional(a: string | null, b: string | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  return byCodePoint(a, b);
}

/** Who a case of one grid or community can go to: its grid workers, then the department handlers
 *  whose organisation serves the place, by organisation and name (`Engine::workers`). */
export function workersOf(people: readonly PersonView[], grid: string | null, community: string | null): WorkerInfo[] {
  const place = community ?? (grid === null ? null : grid.slice(0, 12));
  const workers: WorkerInfo[] = [];
  const handlers: WorkerInfo[] = [];
  for (const p of people) {
    if (p.role === 'full_time_grid_worker' || p.role === 'part_time_grid_worker') {
      const grids = p.scope.level === 'grids' ? [...p.scope.code] : [];
      const inGrid = grid === null || grids.includes(grid);
      const inCommunity = community === null || grids.some((g) => g.startsWith(community));
      if (inGrid && inCommunity) {
        workers.push({ person_id: p.id, name: p.name, role: p.role, grids, organisation: null, organisation_code: null });
      }
    } else if (p.role === 'department_handler') {
      if (p.scope.level === 'grids') continue;
      const serves = p.scope.code;
      if (place === null || place.startsWith(serves)) {
        const code = p.organisation ?? null;
        handlers.push({
          person_id: p.id,
          name: p.name,
          role: p.role,
          grids: [],
          organisation: p.organisation_name ?? code,
          organisation_code: code,
        });
      }
    }
  }
  handlers.sort((a, b) => byOptional(a.organisation, b.organisation) || byCodePoint(a.name, b.name));
  return [...workers, ...handlers];
}

/** Every category of the directory (`Engine::categories`). */
export function categoriesOf(dir: Directory): CategoryInfo[] {
  return dir.categories.map((c) => ({
    code: c.code,
    kind: c.kind,
    major_code: c.code.slice(0, 2),
    major_name_zh: c.major_name_zh,
    name_zh: c.name_zh,
    name_en: c.name_en,
  }));
}

/** A category as administrators edit it (`CategoryAdminInfo::from`). */
export function categoryAdminInfo(c: CategoryView): CategoryAdminInfo {
  return {
    code: c.code,
    kind: c.kind,
    major_code: c.code.slice(0, 2),
    major_name_zh: c.major_name_zh,
    name_zh: c.name_zh,
    name_en: c.name_en,
    accept_minutes: [...c.accept_minutes],
    resolve_minutes: [...c.resolve_minutes],
    routing: c.routing ?? 'community_queue',
    department: c.department ?? null,
    retired: c.retired ?? false,
  };
}

/** The catalogue with routing and limits, retired categories too, by code (`Engine::admin_categories`). */
export function adminCategoriesOf(dir: Directory): CategoryAdminInfo[] {
  return dir.categories.map(categoryAdminInfo).sort((a, b) => byCodePoint(a.code, b.code));
}

/** The district's streets and communities by code (`Engine::areas`). */
/** A grid's building as the desk lists it (`Engine::buildings`: code, name, place, units). */
export function building(b: BuildingView): BuildingInfo {
  return { code: b.code, name: b.name, lon: b.lon, lat: b.lat, units: b.units ?? [] };
}

export function areasOf(dir: Directory): AreaInfo[] {
  return dir.areas.map((a) => ({ level: a.level, code: a.code, name: a.name })).sort((a, b) => byCodePoint(a.code, b.code));
}

/** Whether a grid lies in a person's area (`Scope::covers_grid`: codes nest by prefix). */
export function coversGrid(scope: ScopeInfo, grid: string): boolean {
  return scope.level === 'grids' ? scope.code.includes(grid) : grid.startsWith(scope.code);
}

/** The grids of the person's area (`Engine::my_grids`). */
export function myGridsOf(dir: Directory, scope: ScopeInfo | null): GridInfo[] {
  return dir.grids
    .filter((g) => scope === null || coversGrid(scope, g.code))
    .map((g) => ({ code: g.code, name: g.name, community: g.community, geometry: g.geometry }));
}

/** Who is signed in, with their grids and the names of their community and street (`Engine::me`). */
export function meInfo(person: PersonView, deviceId: string, server: string, dir: Directory): MeInfo {
  const s = person.scope;
  const first = s.level === 'grids' ? (s.code[0] ?? null) : null;
  const [community, street] =
    s.level === 'grids'
      ? [first?.slice(0, 12) ?? null, first?.slice(0, 9) ?? null]
      : s.level === 'community'
        ? [s.code, s.code.slice(0, 9)]
        : s.level === 'street'
          ? [null, s.code]
          : [null, null];
  const nameOf = (code: string | null) => (code === null ? null : (dir.areas.find((a) => a.code === code)?.name ?? null));
  return {
    person_id: person.id,
    name: person.name,
    role: person.role,
    username: person.username,
    server,
    device_id: deviceId,
    grids: myGridsOf(dir, s),
    community,
    street,
    community_name: nameOf(community),
    street_name: nameOf(street),
  };
}

function personInfo(p: PersonView): PersonInfo {
  return { id: p.id, username: p.username, name: p.name, role: p.role, scope: p.scope, phone: p.phone };
}

/** The people a community dispatcher may enroll: their community's grid workers and reporters,
 *  by user name; none for other roles (`Engine::enrollable_people`). */
export function enrollableOf(me: PersonView, people: readonly PersonView[]): PersonInfo[] {
  if (me.role !== 'community_dispatcher' || me.scope.level !== 'community') return [];
  const community = me.scope.code;
  return people
    .filter((p) => {
      const s = p.scope;
      const inCommunity =
        s.level === 'grids' ? s.code.length > 0 && s.code.every((g) => g.slice(0, 12) === community) : s.level === 'community' && s.code === community;
      const role = p.role === 'full_time_grid_worker' || p.role === 'part_time_grid_worker' || p.role === 'information_reporter';
      return inCommunity && role;
    })
    .map(personInfo)
    .sort((a, b) => byCodePoint(a.username, b.username));
}

/** Every device with its person's name from the directory, the most recently seen first (`Engine::admin_devices`). */
export function devicesOf(devices: readonly DeviceView[], people: readonly PersonView[]): DeviceInfo[] {
  const all: DeviceInfo[] = devices.map((d) => ({
    id: d.id,
    person_id: d.person_id,
    username: d.username,
    person_name: people.find((p) => p.id === d.person_id)?.name ?? '',
    name: d.name,
    created_at: d.created_at,
    last_seen_at: d.last_seen_at,
    revoked_at: d.revoked_at,
  }));
  return all.sort((a, b) => (b.last_seen_at ?? b.created_at) - (a.last_seen_at ?? a.created_at));
}

/** `AdminPersonInfo::from`. */
export function adminPerson(p: AdminPersonInfo): AdminPersonInfo {
  return {
    id: p.id,
    username: p.username,
    name: p.name,
    role: p.role,
    scope: p.scope,
    phone: p.phone ?? null,
    active: p.active,
    devices: p.devices,
  };
}

/** `ImportReportInfo::from` (a service older than `retired`, `moved` or `reason_en` sends none). */
export function importReport(r: ImportReportInfo): ImportReportInfo {
  return {
    kind: r.kind,
    dry_run: r.dry_run,
    applied: r.applied,
    created: r.created,
    updated: r.updated,
    unchanged: r.unchanged,
    retired: r.retired ?? 0,
    moved: r.moved ?? 0,
    problems: r.problems.map((p) => ({ sheet: p.sheet, row: p.row, column: p.column, reason: p.reason, reason_en: p.reason_en ?? '' })),
  };
}

/** `EnrollmentInfo::from`. */
export function enrollment(c: EnrollmentInfo): EnrollmentInfo {
  return {
    username: c.username,
    name: c.name,
    link: c.link,
    code: c.code,
    server: c.server,
    expires_at: c.expires_at,
    qr_png_base64: c.qr_png_base64,
  };
}

/** `AdminAuditInfo::from`. */
export function auditEntry(a: AdminAuditInfo): AdminAuditInfo {
  return {
    id: a.id,
    at: a.at,
    username: a.username,
    action: a.action,
    subject: a.subject,
    before: a.before ?? null,
    after: a.after ?? null,
  };
}
