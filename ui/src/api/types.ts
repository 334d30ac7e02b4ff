// Types mirrored from docs/app-commands.md (the device engine's command surface).
// JSON field names are snake_case as serde sends them; timestamps are unix milliseconds;
// coordinates are WGS-84 lon/lat.

export type Millis = number;

export type Role =
  | 'full_time_grid_worker'
  | 'part_time_grid_worker'
  | 'information_reporter'
  | 'community_dispatcher'
  | 'street_dispatcher'
  | 'district_commander'
  | 'administrator';

export const ROLES: readonly Role[] = [
  'full_time_grid_worker',
  'part_time_grid_worker',
  'information_reporter',
  'community_dispatcher',
  'street_dispatcher',
  'district_commander',
  'administrator',
];

export type Position = [number, number];

export interface PolygonGeometry {
  type: 'Polygon';
  coordinates: Position[][];
}
export interface MultiPolygonGeometry {
  type: 'MultiPolygon';
  coordinates: Position[][][];
}
export type GridGeometry = PolygonGeometry | MultiPolygonGeometry;

export interface GridInfo {
  code: string;
  name: string;
  community: string;
  geometry: GridGeometry;
}

export interface Me {
  person_id: string;
  name: string;
  role: Role;
  username: string;
  server: string;
  device_id: string;
  grids: GridInfo[];
  community: string | null;
  street: string | null;
}

export type SyncState = 'idle' | 'syncing' | 'offline' | 'error';

export interface SyncProgress {
  items_done: number;
  items_total: number;
  bytes_done: number;
  bytes_total: number;
}

export interface RejectedItem {
  mid: number;
  name: string;
  reason: string;
  at: Millis;
}

export interface SyncStatus {
  state: SyncState;
  reason: string | null;
  queued: number;
  queued_photos: number;
  queued_bytes: number;
  progress: SyncProgress | null;
  last_sync_at: Millis | null;
  rejected: RejectedItem[];
}

export type CategoryKind = 'event' | 'component';

export interface Category {
  code: string;
  kind: CategoryKind;
  major_code: string;
  major_name_zh: string;
  name_zh: string;
  name_en: string;
}

export interface Building {
  code: string;
  name: string;
  lon: number;
  lat: number;
  units: string[];
}

export interface Located {
  grid: string | null;
  distance_m: number | null;
}

export interface PhotoRef {
  sha256: string;
  width: number;
  height: number;
  bytes: number;
  thumb_data_url: string;
}

export type Priority = 'urgent' | 'high' | 'normal';

export interface NewReport {
  category: string;
  priority: Priority;
  description: string;
  lon: number;
  lat: number;
  photos: string[];
  self_resolved: boolean;
  note: string | null;
}

/** Case states of the seven-step loop, as crates/domain's `CaseState` serializes them. A task
 *  handed back (return) goes to `accepted`; a failed verification (返工) goes back to
 *  `dispatched`; acknowledging a task keeps its state and records it in the audit. */
export type CaseState =
  | 'reported'
  | 'accepted'
  | 'rejected'
  | 'dispatched'
  | 'in_progress'
  | 'resolved'
  | 'verified'
  | 'closed';

export const CASE_STATES: readonly CaseState[] = [
  'reported',
  'accepted',
  'rejected',
  'dispatched',
  'in_progress',
  'resolved',
  'verified',
  'closed',
];

export type Escalation = 'none' | 'community' | 'street' | 'district';

export interface CaseSummary {
  id: string;
  state: CaseState | string;
  category: string;
  category_name: string;
  description: string;
  grid: string | null;
  lon: number;
  lat: number;
  reported_at: Millis;
  due_at: Millis | null;
  overdue: boolean;
  assignee_name: string | null;
  pending: boolean;
  photos: string[];
  /** Present on `overdue_board` rows. */
  escalation?: Escalation;
}

/** One step of a case's history: who (if known) did what, and the states before and after. */
export interface AuditEntry {
  at: Millis;
  actor_name: string | null;
  action: string;
  from: CaseState | string | null;
  to: CaseState | string;
}

export interface Evidence {
  sha256: string;
  /** Empty when the handler wrote none. */
  note: string;
}

export interface CaseDetail extends CaseSummary {
  audit: AuditEntry[];
  evidence: Evidence[];
  conflict: string | null;
}

export type TaskAction = 'acknowledge' | 'start' | 'resolve' | 'return';

export interface Visit {
  building: string;
  unit: string | null;
  at: Millis;
  lon: number;
  lat: number;
  note: string | null;
}

export interface Patrol {
  id: string;
  grid: string;
  started_at: Millis;
  ended_at: Millis | null;
  visits: Visit[];
  coverage: { buildings_total: number; buildings_visited: number };
}

export interface CaseFilter {
  state?: string;
  category?: string;
  overdue?: boolean;
  grid?: string;
  community?: string;
}

export type DispatchAction =
  | 'accept'
  | 'reject'
  | 'merge'
  | 'dispatch'
  | 'verify'
  | 'close'
  | 'reopen'
  | 'reassign';

export interface DispatchArgs {
  reason?: string;
  duplicateOf?: string;
  assignee?: string;
  deadline?: Millis;
  passed?: boolean;
  note?: string;
}

export interface Worker {
  person_id: string;
  name: string;
  role: Role;
  grids: string[];
}

export type KpiGroup = 'grid' | 'community' | 'street' | 'worker';

export interface KpiRow {
  key: string;
  name: string;
  due: number;
  closed: number;
  closed_on_time: number;
  dispatched: number;
  handled: number;
  /** Rates are percentages (0..100), null when nothing counts yet. */
  closing_rate: number | null;
  on_time_rate: number | null;
  handling_rate: number | null;
  first_time_rate: number | null;
  mean_response_min: number | null;
}
