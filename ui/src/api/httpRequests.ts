// What the browser's HTTP transport sends for a command: the bodies and queries the device engine sends (crates/device/src/engine: desk.rs, filing.rs, placards.rs, admin.rs), checked and trimmed the same way before anything leaves.

import { ApiError } from './error';
import type {
  CaseFilterInput,
  CategoryEdit,
  ImportArgs,
  KpiGroup,
  MoveWorkerInput,
  NearbyQuery,
  NewCase,
  NewPersonInput,
  NewTasks,
  PeopleQuery,
  PersonEdit,
  PlacardPrint,
} from './generated';
import type { CaseFilter, KpiLevel } from './wire';

/** Query values; absent and null ones are left out, as serde leaves out `None`. */
export type Query = Record<string, string | number | boolean | null | undefined>;

/** The engine's `invalid` refusal, before sending. */
function invalid(message: string): ApiError {
  return new ApiError('invalid', message);
}

/** A trimmed text field; blank is absent (`admin::text`). */
export function text(v: string | null | undefined): string | null {
  const t = v?.trim() ?? '';
  return t === '' ? null : t;
}

/** A hierarchy code of `digits` digits whose own part is not all zeros (`domain::hierarchy`). */
function code(kind: string, digits: number, own: number, input: string): string {
  if (!new RegExp(`^[0-9]{${digits}}$`).test(input)) {
    throw invalid(`${kind} ${JSON.stringify(input)}: expected ${digits} digits`);
  }
  if (/^0+$/.test(input.slice(digits - own))) throw invalid(`${kind} ${JSON.stringify(input)}: its last ${own} digits are 0`);
  return input;
}

export const gridCode = (input: string) => code('grid', 15, 3, input);
export const communityCode = (input: string) => code('community', 12, 3, input.trim());

/** The server's case filter for the UI's (`desk::server_filter`). */
export function serverFilter(f: CaseFilterInput): CaseFilter {
  const out: CaseFilter = {};
  const area = f.grid ?? f.community ?? null;
  if (area !== null) out.area = area;
  if (f.state != null) out.state = f.state;
  if (f.category != null) out.category = f.category;
  if (f.overdue != null) out.overdue = f.overdue;
  if (f.source != null) out.source = f.source;
  if (f.from != null) out.from = f.from;
  if (f.to != null) out.to = f.to;
  return out;
}

/** The server's KPI level of each of the UI's groupings (`Engine::kpis`). */
const KPI_LEVELS: Record<KpiGroup, KpiLevel> = {
  grid: 'grid',
  community: 'community',
  street: 'street',
  worker: 'worker',
  department: 'department',
  category: 'category',
};

/** `GET /v1/kpis`'s level for the UI's grouping, over cases reported in `[from, to)` (unix ms). */
export function kpiQuery(group: KpiGroup, from: number | null, to: number | null): Query {
  return { level: KPI_LEVELS[group], from, to };
}

/** `GET /v1/cases/nearby`: a radius that is no number or not positive is 100 m, at most 5 km (`Engine::nearby_cases`). */
export function nearbyQuery(q: NearbyQuery): Query {
  const radius = Number.isFinite(q.radius_m) && q.radius_m > 0 ? Math.min(q.radius_m, 5000) : 100;
  return { lon: q.lon, lat: q.lat, category: q.category, radius_m: radius };
}

/** A case filed at the desk, trimmed and checked (`filing::checked_case`). */
export function checkedCase(c: NewCase): NewCase {
  const description = c.description.trim();
  if (description === '') throw invalid('a case needs a description');
  if (!(Number.isFinite(c.lon) && Number.isFinite(c.lat) && c.lon >= -180 && c.lon <= 180 && c.lat >= -90 && c.lat <= 90)) {
    throw invalid(`the point ${c.lon}, ${c.lat} is not on the map`);
  }
  return { ...c, description, address: c.address.trim(), external_ref: text(c.external_ref) };
}

/** Tasks sent from above: grids checked and without repeats, a description (`filing::checked_tasks`). */
export function checkedTasks(t: NewTasks): NewTasks {
  const description = t.description.trim();
  if (description === '') throw invalid('a task needs a description');
  const grids: string[] = [];
  for (const raw of t.grids) {
    const g = raw.trim();
    gridCode(g);
    if (!grids.includes(g)) grids.push(g);
  }
  if (grids.length === 0) throw invalid('a task needs at least one grid');
  return { ...t, grids, description };
}

/** `a5` or `a4` (any case), blank for the server's default (`placards::paper_size`). */
export function paperSize(size: string | null | undefined): string | null {
  const s = text(size);
  if (s === null) return null;
  const lower = s.toLowerCase();
  if (lower === 'a5' || lower === 'a4') return lower;
  throw invalid(`paper size ${JSON.stringify(s)}: a5 or a4`);
}

/** The print request, checked (`Engine::print_placards`): entrances only with `listed`. */
export function placardPrint(p: PlacardPrint): PlacardPrint {
  return {
    community: communityCode(p.community),
    which: p.which,
    entrances: p.which === 'listed' ? p.entrances.map((e) => e.trim()) : [],
    size: paperSize(p.size),
  };
}

/** `POST /v1/admin/people`: text trimmed, a blank phone left out (`admin::new_person`). */
export function newPerson(p: NewPersonInput) {
  return { username: p.username.trim(), name: p.name.trim(), role: p.role, area: p.area.trim(), phone: text(p.phone) };
}

/** `PATCH /v1/admin/people/{username}`: a blank name or area is no change; a blank phone, given, removes it (`admin::edit_person`). */
export function editPerson(e: PersonEdit) {
  return { name: text(e.name), role: e.role ?? null, area: text(e.area), phone: e.phone == null ? null : e.phone.trim() };
}

/** `POST /v1/admin/people/{username}/move`: each grid trimmed and checked, blank ones left out (`admin::move_worker`). */
export function moveWorker(m: MoveWorkerInput) {
  const grids = m.grids.map((g) => g.trim()).filter((g) => g !== '');
  for (const g of grids) {
    try {
      gridCode(g);
    } catch (e) {
      throw invalid(`grid code ${g}: ${(e as Error).message}`);
    }
  }
  return { grids, open_tasks: m.open_tasks };
}

/** `PUT /v1/admin/categories/{code}`: names trimmed, blank ones left out (`admin::category_form`). */
export function categoryForm(e: CategoryEdit) {
  return {
    major_name_zh: text(e.major_name_zh),
    name_zh: text(e.name_zh),
    name_en: text(e.name_en),
    routing: e.routing ?? null,
    department: text(e.department),
    urgent_accept_min: e.urgent_accept_min ?? null,
    urgent_resolve_min: e.urgent_resolve_min ?? null,
    high_accept_min: e.high_accept_min ?? null,
    high_resolve_min: e.high_resolve_min ?? null,
    normal_accept_min: e.normal_accept_min ?? null,
    normal_resolve_min: e.normal_resolve_min ?? null,
    retired: e.retired ?? null,
  };
}

/** The query of an import: the grid options go only with grids (`admin::import_query`). */
export function importQuery(a: ImportArgs): Query {
  const grids = a.kind === 'grids';
  return {
    dry_run: a.dry_run,
    file_name: a.file_name.trim() === '' ? null : a.file_name,
    gcj02: grids && a.gcj02,
    code_property: grids ? text(a.code_property) : null,
  };
}

/** The query of the people list: blank text left out (`admin::people_query`). */
export function peopleQuery(q: PeopleQuery): Query {
  return { q: text(q.q), community: text(q.community), role: q.role ?? null };
}

/** A reason given to the server, trimmed; blank is none (`Revoke`, `Deactivate`). */
export function reasonBody(reason: string | null | undefined) {
  return { reason: text(reason) };
}

/** A device id: a UUID, written as the engine writes it back (`DeviceId::parse`, then `to_string`). */
export function deviceId(id: string): string {
  const t = id.trim();
  if (!/^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/.test(t)) {
    throw invalid(`device id ${id}: not a uuid: ${JSON.stringify(t)}`);
  }
  const h = t.replace(/-/g, '').toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
