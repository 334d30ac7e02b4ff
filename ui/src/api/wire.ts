// The sync server's JSON (crates/protocol) that the browser's HTTP transport reads and sends, by hand: only the fields it uses or passes on.

import type {
  AuditAction,
  CaseState,
  CategoryCode,
  CategoryKind,
  GridCode,
  PersonId,
  PhotoHash,
  Priority,
  Role,
  Routing,
  ScopeInfo,
  Source,
} from './generated';
import type { GridGeometry } from './geometry';

/** `{code, message}`, every error answer's body. */
export interface ErrorBody {
  code: string;
  message: string;
}

/** `protocol::PersonView`: a person as others see them. */
export interface PersonView {
  id: PersonId;
  username: string;
  name: string;
  role: Role;
  scope: ScopeInfo;
  phone: string | null;
  /** A department handler's organisation code and name (absent or null for everyone else). */
  organisation?: string | null;
  organisation_name?: string | null;
}

export interface AreaView {
  level: string;
  code: string;
  name: string;
}

/** `protocol::CategoryView`: a category with its routing and limits. */
export interface CategoryView {
  code: CategoryCode;
  kind: CategoryKind;
  major_name_zh: string;
  name_zh: string;
  name_en: string;
  accept_minutes: [number, number, number];
  resolve_minutes: [number, number, number];
  routing?: Routing;
  department?: string | null;
  retired?: boolean;
}

export interface GridView {
  code: GridCode;
  community: string;
  name: string;
  geometry: GridGeometry;
}

/** `GET /v1/buildings?grid=`: one of a grid's buildings (`protocol::BuildingView`, the fields the desk reads). */
export interface BuildingView {
  code: string;
  grid: GridCode;
  name: string;
  lon: number;
  lat: number;
  units?: string[];
}

/** `GET /v1/directory`: the names of the caller's area. */
export interface Directory {
  categories: CategoryView[];
  areas: AreaView[];
  grids: GridView[];
  people: PersonView[];
}

/** `POST /v1/web/session` and its refresh: the access token lives in the page only. */
export interface WebSession {
  device_id: string;
  person: PersonView;
  access_token: string;
  access_expires_at: number;
}

/** `GET /v1/me`. */
export interface Me {
  device_id: string;
  person: PersonView;
}

export interface Resolution {
  by: PersonId | null;
  at: number | null;
  photos: PhotoHash[];
  note: string;
}

export interface ConflictView {
  by: PersonId;
  at: number;
  reason: string;
  photos: PhotoHash[];
  note: string;
}

/** `protocol::CaseView`: a case as the read routes answer it. */
export interface CaseView {
  id: string;
  grid: GridCode | null;
  community: string;
  outside_grid: boolean;
  state: CaseState;
  category: CategoryCode;
  priority: Priority;
  description: string;
  location: { lon: number; lat: number };
  photos: PhotoHash[];
  reporter: PersonId;
  assignee: PersonId | null;
  self_resolved: boolean;
  reported_at: number;
  updated_at: number;
  due_at: number | null;
  overdue: boolean;
  /** 0 none, 1 community, 2 street, 3 district. */
  escalation: number;
  duplicate_of: string | null;
  resolution: Resolution | null;
  conflicts: ConflictView[];
  rework_count: number;
  department?: string | null;
  parts?: string[];
  part_of?: string | null;
  report_in_due?: number | null;
  source?: Source;
  external_ref?: string | null;
}

export interface AuditView {
  at: number;
  actor: PersonId | null;
  action: AuditAction;
  from: CaseState | null;
  to: CaseState;
  detail: unknown;
}

/** `GET /v1/cases/{id}`. */
export interface CaseDetail {
  case: CaseView;
  photos: { hash: PhotoHash; present: boolean }[];
  audit: AuditView[];
}

/** `GET /v1/cases`. */
export interface CaseList {
  cases: CaseView[];
  total: number;
}

/** `GET /v1/cases/nearby`, nearest first. */
export interface NearbyCases {
  cases: { case: CaseView; distance_m: number }[];
}

/** `GET /v1/cases` and `/v1/exports/cases/{format}` filters (the server refuses others). */
export interface CaseFilter {
  area?: string;
  state?: CaseState;
  category?: CategoryCode;
  open?: boolean;
  overdue?: boolean;
  source?: Source;
  from?: number;
  to?: number;
  limit?: number;
  offset?: number;
}

/** `protocol::KpiLevel`: what the rows of `GET /v1/kpis` are. */
export type KpiLevel = 'grid' | 'community' | 'street' | 'district' | 'worker' | 'department' | 'category';

/** One row of `GET /v1/kpis`: rates are fractions (0..1), minutes absent or null when none counts. A category's row: its four-digit code and the catalogue's Chinese name (empty when unknown). */
export interface KpiRow {
  key: string;
  name: string;
  reported: number;
  due: number;
  closed: number;
  closed_on_time: number;
  dispatched: number;
  handled: number;
  first_time: number;
  closing_rate: number | null;
  on_time_rate: number | null;
  handling_rate: number | null;
  first_time_rate: number | null;
  called?: number;
  reported_in_on_time?: number;
  report_in_rate?: number | null;
  report_in_mean_minutes?: number | null;
  response_mean_minutes?: number | null;
  response_median_minutes?: number | null;
  resolution_mean_minutes?: number | null;
  resolution_median_minutes?: number | null;
}

export interface KpiReport {
  level: KpiLevel;
  from: number;
  to: number;
  rows: KpiRow[];
}

/** `GET /v1/devices`. */
export interface DeviceView {
  id: string;
  person_id: PersonId;
  username: string;
  name: string;
  created_at: number;
  last_seen_at: number | null;
  revoked_at: number | null;
  last_mid: number;
}
