// Generated from the Rust types by crates/device/tests/ui_types.rs: do not edit.
// Run `cargo xtask gen-types` after changing a type the app's commands use.
// JSON field names are as serde writes them; times are unix milliseconds.

import type { GridGeometry } from './geometry';

/**
 * The name of an action, as recorded in audit entries; includes the two ways a case is
 * created (`Report`, `SelfResolve`).
 */
export type ActionKind = "report" | "self_resolve" | "accept_case" | "reject" | "dispatch" | "acknowledge_task" | "start" | "resolve" | "return" | "verify" | "close" | "reopen" | "reassign" | "whistle" | "parts_done";

/**
 * `protocol::AdminAuditView`: one entry of the administrators' audit log.
 */
export type AdminAuditInfo = { id: number, at: number, username: string, 
/**
 * `import.grids`, `enrollment.create`, `person.deactivate`, …
 */
action: string, subject: string, before: unknown, after: unknown, };

/**
 * `protocol::AdminPersonView`: a person as administrators see them (`GET /v1/admin/people`).
 */
export type AdminPersonInfo = { id: PersonId, username: string, name: string, role: Role, scope: ScopeInfo, phone: string | null, 
/**
 * False once deactivated: the person can no longer sign in.
 */
active: boolean, 
/**
 * How many devices are signed in as the person.
 */
devices: number, };

/**
 * A named area of the district (synced): its level (`district`, `street` or
 * `community`), code and name.
 */
export type AreaInfo = { level: string, code: string, name: string, };

/**
 * What an audit entry records: a step of the domain's loop, or a note the service writes
 * itself. On the wire both are one snake_case name.
 */
export type AuditAction = ActionKind | ServiceAction;

/**
 * One step of a case's history: who (if known) did what, and the states before and after.
 */
export type AuditInfo = { at: number, actor_name: string | null, action: AuditAction, from: CaseState | null, to: CaseState, };

/**
 * An open case as a point on the board (WGS-84).
 */
export type BoardCase = { id: string, 
/**
 * The case state, snake_case.
 */
state: CaseState, category: string, category_name: string, description: string, 
/**
 * The grid; absent for a report outside every grid.
 */
grid: string | null, community: string, lon: number, lat: number, 
/**
 * Unix milliseconds.
 */
reported_at: number, due_at: number | null, overdue: boolean, 
/**
 * 0 none, 1 the community alerted, 2 the street, 3 the district command centre.
 */
escalation: number, source: Source, 
/**
 * Who has it now, by name.
 */
assignee_name: string | null, };

/**
 * Today's counts in the caller's area, "today" being the calendar day in China Standard
 * Time (UTC+8) that holds `at`.
 */
export type BoardCounts = { 
/**
 * Cases reported today.
 */
reported: number, 
/**
 * Cases accepted today, and of today's reports those accepted within an hour of
 * being reported (the one-hour response).
 */
accepted: number, accepted_within_hour: number, 
/**
 * Cases dispatched, resolved and closed today.
 */
dispatched: number, resolved: number, closed: number, 
/**
 * Open cases now past their deadline, and how far they have escalated.
 */
overdue: number, overdue_community: number, overdue_street: number, overdue_district: number, };

/**
 * A grid as the board draws it: its outline (GeoJSON Polygon or MultiPolygon, WGS-84).
 */
export type BoardGrid = { code: string, community: string, name: string, geometry: GridGeometry, };

/**
 * `GET /v1/board`.
 */
export type BoardView = { 
/**
 * When the board was read, and the start of that day (UTC+8), unix milliseconds.
 */
at: number, day_start: number, grids: Array<BoardGrid>, 
/**
 * The open cases, overdue first, then the most recently reported; at most
 * [`BOARD_MAX_CASES`] (`open_total` says how many there are).
 */
cases: Array<BoardCase>, open_total: number, today: BoardCounts, 
/**
 * Overdue cases that escalated, the highest level first, then the longest overdue.
 */
escalations: Array<BoardCase>, };

/**
 * A building of a grid with its units.
 */
export type BuildingInfo = { code: string, name: string, lon: number, lat: number, units: Array<string>, };

/**
 * The `report` argument of `capture_report`.
 */
export type CaptureReport = { category: CategoryCode, priority: Priority, description: string, lon: number, lat: number, 
/**
 * Hashes of photos prepared on this device.
 */
photos: Array<PhotoHash>, self_resolved: boolean, note: string | null, };

/**
 * An action of a dispatcher or commander, `POST /v1/cases/{id}/actions`.
 */
export type CaseAction = { "action": "accept" } | { "action": "reject", reason: string, duplicate_of: CaseId | null, } | { "action": "merge", into: CaseId, } | { "action": "dispatch", worker: PersonId, due_at: number | null, } | { "action": "reassign", worker: PersonId, due_at: number | null, } | { "action": "verify", pass: boolean, note: string, } | { "action": "whistle", 
/**
 * Organisation codes, e.g. `["cg", "sz", "gs"]`.
 */
departments: Array<string>, report_in_minutes: number | null, due_at: number | null, } | { "action": "close" } | { "action": "reopen", reason: string, };

/**
 * A case with its history and the evidence of the work.
 */
export type CaseDetailInfo = { audit: Array<AuditInfo>, evidence: Array<EvidenceInfo>, 
/**
 * Why evidence sent for this case was kept aside for a dispatcher (e.g. it arrived
 * after the task was reassigned), with who sent it; `None` when there was none.
 */
conflict: string | null, id: CaseId, state: CaseState, category: CategoryCode, category_name: string, description: string, grid: GridCode | null, lon: number, lat: number, reported_at: number, due_at: number | null, overdue: boolean, assignee_name: string | null, 
/**
 * Local changes not yet applied by the server.
 */
pending: boolean, photos: Array<PhotoHash>, 
/**
 * How far an overdue case has escalated: on the overdue board always, elsewhere when
 * it has (absent when it has not).
 */
escalation?: EscalationLevel, 
/**
 * The department (organisation code) of the current handler, when a department's
 * handler has the task.
 */
department: string | null, 
/**
 * That department's name, from the synced people (its code when unknown).
 */
department_name: string | null, 
/**
 * 吹哨: the parts of a joint case (联合处置), one department's task each.
 */
parts: Array<CaseId>, 
/**
 * The joint case this task (联合任务) is a part of.
 */
part_of: CaseId | null, 
/**
 * A part's department must report in (报到: acknowledge) by then, unix ms; null once
 * it has (an acknowledgement still queued on this device counts).
 */
report_in_due: number | null, };

/**
 * The filters of `case_list`; each is optional.
 */
export type CaseFilterInput = { state?: CaseState | null, category?: CategoryCode | null, overdue?: boolean | null, grid?: GridCode | null, community?: CommunityCode | null, 
/**
 * How the cases came in (随手拍, 窗口受理, 12345热线, Open311, 上级任务).
 */
source?: Source | null, 
/**
 * Reported at or after / before these times, unix ms (the list's period).
 */
from?: number | null, to?: number | null, };

/**
 * A case's id (a UUID, made on the device that captured the report).
 */
export type CaseId = string;

/**
 * Where a case is in the loop.
 */
export type CaseState = "reported" | "accepted" | "rejected" | "dispatched" | "in_progress" | "resolved" | "verified" | "closed";

/**
 * A case as lists show it.
 */
export type CaseSummary = { id: CaseId, state: CaseState, category: CategoryCode, category_name: string, description: string, grid: GridCode | null, lon: number, lat: number, reported_at: number, due_at: number | null, overdue: boolean, assignee_name: string | null, 
/**
 * Local changes not yet applied by the server.
 */
pending: boolean, photos: Array<PhotoHash>, 
/**
 * How far an overdue case has escalated: on the overdue board always, elsewhere when
 * it has (absent when it has not).
 */
escalation?: EscalationLevel, 
/**
 * The department (organisation code) of the current handler, when a department's
 * handler has the task.
 */
department: string | null, 
/**
 * That department's name, from the synced people (its code when unknown).
 */
department_name: string | null, 
/**
 * 吹哨: the parts of a joint case (联合处置), one department's task each.
 */
parts: Array<CaseId>, 
/**
 * The joint case this task (联合任务) is a part of.
 */
part_of: CaseId | null, 
/**
 * A part's department must report in (报到: acknowledge) by then, unix ms; null once
 * it has (an acknowledgement still queued on this device counts).
 */
report_in_due: number | null, };

/**
 * A category as administrators edit it: the catalogue's names with its routing and its
 * time limits (`protocol::CategoryView`).
 */
export type CategoryAdminInfo = { code: CategoryCode, kind: CategoryKind, major_code: string, major_name_zh: string, name_zh: string, name_en: string, 
/**
 * Minutes to accept, per priority (urgent, high, normal).
 */
accept_minutes: [number, number, number], 
/**
 * Minutes to resolve, per priority (urgent, high, normal).
 */
resolve_minutes: [number, number, number], routing: Routing, 
/**
 * The organisation code a `department` routing sends cases to.
 */
department: string | null, retired: boolean, };

/**
 * A category code `MMmm` (see the module docs), e.g. `5101` 暴露垃圾.
 */
export type CategoryCode = string;

/**
 * A category added or changed (`protocol::CategoryForm`): `None` keeps the stored value; a
 * new code needs every field but `retired`.
 */
export type CategoryEdit = { major_name_zh: string | null, name_zh: string | null, name_en: string | null, routing: Routing | null, 
/**
 * The organisation code, for the `department` routing.
 */
department: string | null, urgent_accept_min: number | null, urgent_resolve_min: number | null, high_accept_min: number | null, high_resolve_min: number | null, normal_accept_min: number | null, normal_resolve_min: number | null, retired: boolean | null, };

/**
 * A category of the catalogue (事件 or 部件) with its major class.
 */
export type CategoryInfo = { code: CategoryCode, kind: CategoryKind, major_code: string, major_name_zh: string, name_zh: string, name_en: string, };

/**
 * Whether a category is an event (事件) or a component (部件).
 */
export type CategoryKind = "event" | "component";

/**
 * The `args` of the `change_password` command: a person's sign-in answered
 * `password_change_required`, and they choose their own password.
 */
export type ChangePasswordArgs = { server: string, username: string, 
/**
 * The one-time (or current) password.
 */
password: string, 
/**
 * At least 8 characters, not one repeated, not the user name, not the old one.
 */
new_password: string, };

/**
 * The arguments of `patrol_checkin`.
 */
export type CheckIn = { building: string, unit?: string | null, lon: number, lat: number, note?: string | null, 
/**
 * The newest printed placard (网格公示牌) now hangs at this entrance (the worker
 * checked in on its QR code to say so).
 */
placard_posted: boolean, };

/**
 * A community (社区) code: the street code and three digits, e.g. `130302001010`.
 */
export type CommunityCode = string;

/**
 * Buildings visited in this patrol against buildings known in the grid.
 */
export type Coverage = { buildings_total: number, buildings_visited: number, };

/**
 * A case on the desk's lists: its summary, how it came in (随手拍, 窗口受理, 12345热线,
 * Open311, 上级任务) and the other system's reference (the 12345 ticket number).
 */
export type DeskCase = { source: Source, external_ref: string | null, id: CaseId, state: CaseState, category: CategoryCode, category_name: string, description: string, grid: GridCode | null, lon: number, lat: number, reported_at: number, due_at: number | null, overdue: boolean, assignee_name: string | null, 
/**
 * Local changes not yet applied by the server.
 */
pending: boolean, photos: Array<PhotoHash>, 
/**
 * How far an overdue case has escalated: on the overdue board always, elsewhere when
 * it has (absent when it has not).
 */
escalation?: EscalationLevel, 
/**
 * The department (organisation code) of the current handler, when a department's
 * handler has the task.
 */
department: string | null, 
/**
 * That department's name, from the synced people (its code when unknown).
 */
department_name: string | null, 
/**
 * 吹哨: the parts of a joint case (联合处置), one department's task each.
 */
parts: Array<CaseId>, 
/**
 * The joint case this task (联合任务) is a part of.
 */
part_of: CaseId | null, 
/**
 * A part's department must report in (报到: acknowledge) by then, unix ms; null once
 * it has (an acknowledgement still queued on this device counts).
 */
report_in_due: number | null, };

/**
 * A device (phone or desktop) signed in for one person; made by the server at sign-in.
 */
export type DeviceId = string;

/**
 * `protocol::DeviceView`: a signed-in (or revoked) device, as administrators list them,
 * with the person's name from the synced people when this device has them.
 */
export type DeviceInfo = { id: string, person_id: PersonId, username: string, 
/**
 * The person's name; empty when this device has not synced them.
 */
person_name: string, 
/**
 * The device's name, as it signed in.
 */
name: string, 
/**
 * Unix milliseconds.
 */
created_at: number, last_seen_at: number | null, revoked_at: number | null, };

/**
 * `protocol::EnrollmentCode`: a one-time code that signs a person's phone in, shown once.
 */
export type EnrollmentInfo = { username: string, name: string, 
/**
 * The QR code's text (`wangge://enroll?server=…&code=…`).
 */
link: string, 
/**
 * The secret alone, to type where there is no camera.
 */
code: string, server: string, expires_at: number, 
/**
 * The QR code as a PNG, base64.
 */
qr_png_base64: string, };

/**
 * How far up an overdue case has escalated.
 */
export type EscalationLevel = "none" | "community" | "street" | "district";

/**
 * A photo of the work with its note (empty when the handler wrote none).
 */
export type EvidenceInfo = { sha256: PhotoHash, note: string, };

/**
 * A case export's file format.
 */
export type ExportFormat = "csv" | "xlsx" | "geojson";

/**
 * `GET /v1/participation/figures`: the area, then its streets, then its communities.
 */
export type Figures = { rows: Array<FiguresRow>, };

/**
 * One area's participation.
 */
export type FiguresRow = { 
/**
 * `district`, `street` or `community`.
 */
level: string, code: string, name: string, 
/**
 * Units registered (approved).
 */
units: number, 
/**
 * Party members registered (approved).
 */
members: number, 
/**
 * Registrations and claims waiting for a decision.
 */
pending: number, 
/**
 * Roles claimed (approved).
 */
roles: number, };

/**
 * A grid (网格) code: the community code and a three-digit grid number, e.g.
 * `130302001010007`.
 */
export type GridCode = string;

/**
 * A grid with its polygon.
 */
export type GridInfo = { code: string, name: string, community: string, 
/**
 * GeoJSON Polygon or MultiPolygon, WGS-84 (`ui/src/api/geometry.ts`).
 */
geometry: GridGeometry, };

/**
 * How an import file is sent (the file itself travels as the raw body).
 */
export type ImportArgs = { kind: ImportKind, 
/**
 * Report what would change, store nothing.
 */
dry_run: boolean, 
/**
 * The file's name, for the report (a CSV's sheet is named after it).
 */
file_name: string, 
/**
 * Grids: drawn on a Chinese web map (GCJ-02) rather than in WGS-84.
 */
gcj02: boolean, 
/**
 * Grids: the feature property with the 15-digit grid code (default `code`).
 */
code_property: string | null, };

/**
 * What an import file holds (`POST /v1/admin/import/{kind}`).
 */
export type ImportKind = "hierarchy" | "grids" | "buildings" | "organisations" | "people" | "categories";

/**
 * `protocol::ImportProblem`: one problem, where a person finds it in the spreadsheet.
 */
export type ImportProblemInfo = { sheet: string, 
/**
 * As the spreadsheet numbers rows (header 1); a GeoJSON feature's position; 0 for the
 * whole file.
 */
row: number, 
/**
 * The column's header; empty for the whole row.
 */
column: string, 
/**
 * What is wrong, in Chinese.
 */
reason: string, 
/**
 * What is wrong, in English (empty from a service older than the field).
 */
reason_en: string, };

/**
 * `protocol::ImportReport`: what an import did or (dry run) would do; with problems the
 * file was refused whole and nothing was stored.
 */
export type ImportReportInfo = { kind: string, dry_run: boolean, 
/**
 * Whether anything was stored.
 */
applied: boolean, created: number, updated: number, unchanged: number, 
/**
 * Of `updated`, how many the file retires (categories, buildings, grids).
 */
retired: number, 
/**
 * Open cases and buildings new grid boundaries move to another grid.
 */
moved: number, problems: Array<ImportProblemInfo>, };

/**
 * One registration or claim at the desk.
 */
export type JoinEntry = { 
/**
 * A claim: the member's registration number.
 */
member: string | null, 
/**
 * Only for the community the person registered with (个人信息保护法).
 */
personal: JoinPersonal | null, 
/**
 * `SB` and ten letters or digits.
 */
number: string, 
/**
 * `unit`, `member` or `claim`.
 */
kind: string, 
/**
 * `pending`, `approved` or `refused`.
 */
state: string, community: string, community_name: string, 
/**
 * Unix ms.
 */
submitted_at: number, decided_at: number | null, 
/**
 * Why it was refused.
 */
reason: string | null, };

/**
 * `GET /v1/join/registrations`.
 */
export type JoinList = { 
/**
 * Newest first, at most 500.
 */
entries: Array<JoinEntry>, };

/**
 * What someone registered, shown only to the community they registered with.
 */
export type JoinPersonal = { 
/**
 * The unit's or the member's name.
 */
name: string, 
/**
 * The member's, or the unit contact's, phone.
 */
phone: string, 
/**
 * A unit's kind; a member's unit.
 */
unit: string, 
/**
 * A unit's party organisation; a member's party branch.
 */
party: string, 
/**
 * A unit's contact.
 */
contact_name: string | null, 
/**
 * A member's `residence` or `unit`.
 */
tie: string | null, 
/**
 * A claim's role and place (`building_head 130302001001001-003`, …).
 */
claim: string | null, };

/**
 * A community's QR code: the public page's address and the PNG to show and print.
 */
export type JoinQr = { 
/**
 * The address the code holds (`https://…/join/{community}`).
 */
url: string, 
/**
 * `data:image/png;base64,…`, for an `<img>`.
 */
png: string, };

/**
 * The answer to a registration or claim: the number to keep, and where it stands.
 */
export type JoinStatus = { 
/**
 * `SB` and ten letters or digits.
 */
number: string, 
/**
 * `unit`, `member` or `claim`.
 */
kind: string, 
/**
 * `pending`, `approved` or `refused`.
 */
state: string, community: string, community_name: string, 
/**
 * Unix ms.
 */
submitted_at: number, decided_at: number | null, 
/**
 * Why it was refused.
 */
reason: string | null, };

/**
 * What KPI rows are grouped by.
 */
export type KpiGroup = "grid" | "community" | "street" | "worker" | "department" | "category";

/**
 * One row of KPIs. Rates are percentages (0..100); `None` when nothing counts yet.
 */
export type KpiRowView = { key: string, name: string, due: number, closed: number, closed_on_time: number, dispatched: number, handled: number, closing_rate: number | null, on_time_rate: number | null, handling_rate: number | null, first_time_rate: number | null, 
/**
 * Report → acceptance (响应) and report → resolution by a handler (处置), mean and
 * median minutes over the cases reported in the period; `None` when none counts.
 */
response_mean_minutes: number | null, response_median_minutes: number | null, resolution_mean_minutes: number | null, resolution_median_minutes: number | null, 
/**
 * 吹哨报到 (departments and handlers): parts of joint cases given to them, how many
 * reported in (报到) by their deadline, that share as a percentage, and the mean
 * minutes from being called to reporting in.
 */
called: number, reported_in_on_time: number, report_in_rate: number | null, report_in_mean_minutes: number | null, };

/**
 * The answer of `locate`.
 */
export type Located = { grid: string | null, 
/**
 * 0 inside the grid; otherwise metres to its edge.
 */
distance_m: number | null, };

/**
 * Who is signed in on this device, with their grids.
 */
export type MeInfo = { person_id: PersonId, name: string, role: Role, username: string, server: string, device_id: DeviceId, grids: Array<GridInfo>, community: string | null, street: string | null, 
/**
 * The names of `community` and `street`, once the areas are synced.
 */
community_name: string | null, street_name: string | null, };

/**
 * A grid worker moved to other grids (`protocol::MoveWorker`).
 */
export type MoveWorkerInput = { 
/**
 * The new grids, 15 digits each.
 */
grids: Array<string>, open_tasks: OpenTasksChoice, };

/**
 * The arguments of `nearby_cases`: a point, a category and a radius in metres.
 */
export type NearbyQuery = { lon: number, lat: number, category: CategoryCode, radius_m: number, };

/**
 * `POST /v1/cases`: a dispatcher or the commander files a case at the desk (a phone call,
 * a 12345 hotline ticket) or sends a task from above; it is accepted (立案) at once, placed
 * in the grid that holds the point, and dispatched to `worker` when one is named.
 */
export type NewCase = { 
/**
 * Made by the caller, so a form sent twice files one case; a new one when absent.
 */
id: CaseId | null, 
/**
 * `desk` (the default), `hotline` or `task`.
 */
source: Source | null, category: CategoryCode, priority: Priority | null, lon: number, lat: number, address: string, description: string, 
/**
 * The hotline's ticket number, or another system's reference.
 */
external_ref: string | null, 
/**
 * Dispatch at once to this grid worker or department handler.
 */
worker: PersonId | null, 
/**
 * The dispatch deadline, unix milliseconds (default: the category's resolve limit).
 */
due_at: number | null, };

/**
 * A new person (`protocol::NewPerson`): they have no password; their phone is enrolled by
 * QR code.
 */
export type NewPersonInput = { username: string, name: string, role: Role, 
/**
 * A grid worker's grids (15 digits each, separated by `;`), or the community, street or
 * district the role works in.
 */
area: string, phone: string | null, };

/**
 * `POST /v1/tasks`: a task from above (由上至下: an inspection, a campaign) sent to the
 * grid workers of several grids at once: a case per grid, placed inside it, dispatched to
 * its full-time worker.
 */
export type NewTasks = { 
/**
 * 15-digit grid codes in the caller's scope.
 */
grids: Array<string>, category: CategoryCode, description: string, 
/**
 * Unix milliseconds (default: the category's resolve limit).
 */
due_at: number | null, };

/**
 * `protocol::OneTimePassword`: shown once; signing in with it asks for a new password.
 */
export type OneTimePasswordInfo = { username: string, password: string, };

/**
 * What happens to a moved worker's open tasks (`protocol::OpenTasks`).
 */
export type OpenTasksChoice = "keep" | "hand_over";

/**
 * A patrol (穿楼进户) of one grid: its check-ins and how much of the grid it covered.
 */
export type PatrolInfo = { id: string, grid: string, started_at: number, ended_at: number | null, visits: Array<VisitInfo>, coverage: Coverage, };

/**
 * The `query` of `admin_people`: all optional.
 */
export type PeopleQuery = { 
/**
 * Matches user name, name or phone.
 */
q?: string | null, 
/**
 * A 12-digit community code.
 */
community?: string | null, role?: Role | null, };

/**
 * What to change of a person (`protocol::EditPerson`): `None` keeps it, an empty phone
 * removes it. A new role needs an area that fits it.
 */
export type PersonEdit = { name: string | null, role: Role | null, area: string | null, phone: string | null, };

/**
 * A person's id (a UUID).
 */
export type PersonId = string;

/**
 * A person this device has synced, whose phone a community dispatcher may enroll.
 */
export type PersonInfo = { id: PersonId, username: string, name: string, role: Role, scope: ScopeInfo, phone: string | null, };

/**
 * The sha256 of a prepared photo: 64 lowercase hexadecimal characters.
 */
export type PhotoHash = string;

/**
 * A photo prepared on this device, with a thumbnail to show at once.
 */
export type PhotoInfo = { sha256: PhotoHash, width: number, height: number, bytes: number, thumb_data_url: string, };

/**
 * One entrance (a building, or one of its units) and its placard.
 */
export type PlacardEntry = { 
/**
 * `building` or `building/unit`: what the print request and check-ins name.
 */
entrance: string, building: string, building_name: string, unit: string | null, grid: string, grid_name: string, status: PlacardStatus, 
/**
 * For a stale placard, what changed since it was printed: `workers`, `grid`,
 * `boundary`, `entrance`, `community_contact`, `address`.
 */
changed?: Array<string>, printed_at: number | null, posted_at: number | null, 
/**
 * Who confirmed it posted.
 */
posted_by: string | null, 
/**
 * The entrance's stable address, the placard's QR code.
 */
url: string, };

/**
 * A community's entrances with their placards, in building and unit order.
 */
export type PlacardList = { community: string, community_name: string, entries: Array<PlacardEntry>, unprinted: number, stale: number, to_post: number, posted: number, };

/**
 * `POST /v1/placards/print` → `application/pdf`, a page per placard; each printed
 * placard's version is recorded, so it reads `to_post` until a worker confirms it posted.
 */
export type PlacardPrint = { community: string, which: PlacardSelection, 
/**
 * With `which: listed`.
 */
entrances: Array<string>, 
/**
 * `a5` (the default) or `a4`.
 */
size: string | null, };

/**
 * Which of a community's placards to print.
 */
export type PlacardSelection = "all" | "stale" | "unprinted" | "listed";

/**
 * Where one entrance's placard stands.
 */
export type PlacardStatus = "unprinted" | "stale" | "to_post" | "posted";

/**
 * How urgent a case is.
 */
export type Priority = "urgent" | "high" | "normal";

/**
 * A mutation the server refused (or kept as a conflict), with its reason.
 */
export type RejectedItem = { mid: number, name: string, reason: string, 
/**
 * When the device queued it, unix ms.
 */
at: number, };

/**
 * What a person does in the system.
 */
export type Role = "full_time_grid_worker" | "part_time_grid_worker" | "information_reporter" | "community_dispatcher" | "street_dispatcher" | "district_commander" | "administrator" | "department_handler";

/**
 * Where a new (non-urgent) report of a category in a grid goes first.
 */
export type Routing = "grid_worker" | "community_queue" | "department";

/**
 * Where an export was saved.
 */
export type SavedFile = { 
/**
 * The file's full path.
 */
path: string, bytes: number, };

/**
 * Where a print was saved.
 */
export type SavedPdf = { 
/**
 * The file's full path.
 */
path: string, 
/**
 * Its pages: one per placard.
 */
pages: number, bytes: number, };

/**
 * A person's area, as the wire writes `domain::Scope`: `{level, code}`.
 */
export type ScopeInfo = { "level": "grids", "code": Array<string> } | { "level": "community", "code": string } | { "level": "street", "code": string } | { "level": "district", "code": string };

/**
 * Audit entries the service writes that are not transitions of the loop.
 */
export type ServiceAction = "conflict" | "merge" | "escalate" | "place";

/**
 * How a case came in: from a phone's 随手拍, filed at the desk, from the 12345 hotline,
 * from another city system through Open311, or as a task sent from above (由上至下) with no
 * report behind it.
 */
export type Source = "app" | "desk" | "hotline" | "open311" | "task";

/**
 * Items and bytes of the current cycle.
 */
export type SyncProgress = { items_done: number, items_total: number, bytes_done: number, bytes_total: number, };

/**
 * Where sync stands.
 */
export type SyncState = "idle" | "syncing" | "offline" | "error" | "signed_out";

/**
 * Where sync stands: what is queued, what is moving, what the server refused.
 */
export type SyncStatus = { state: SyncState, reason: string | null, 
/**
 * Outbox entries not yet applied by the server.
 */
queued: number, 
/**
 * Photos not yet uploaded, and their bytes.
 */
queued_photos: number, queued_bytes: number, 
/**
 * Photos the server refused every time (e.g. larger than it takes), set aside so the
 * rest of the sync goes on.
 */
photos_refused: number, progress: SyncProgress | null, last_sync_at: number | null, rejected: Array<RejectedItem>, };

/**
 * The arguments of `task_act`: a note and photos (resolve), or a reason (return).
 */
export type TaskAct = { id: CaseId, action: TaskAction, note?: string | null, photos?: Array<PhotoHash>, reason?: string | null, };

/**
 * What a worker does to a task.
 */
export type TaskAction = "acknowledge" | "start" | "resolve" | "return";

/**
 * One check-in.
 */
export type VisitInfo = { building: string, unit: string | null, lon: number, lat: number, note: string | null, at: number, };

/**
 * One warning: the rule, the area (a grid or community code) and its name, the category
 * when the rule is about one, the cases behind it, and why, in Chinese and English.
 */
export type Warning = { kind: WarningKind, area: string, area_name: string, category: string | null, cases: string[], count: number, why: string, why_en: string, };

/**
 * Which rule fired.
 */
export type WarningKind = "repeated" | "rising" | "due_soon" | "no_patrol";

/**
 * `GET /v1/warnings`: the warnings in the caller's scope now, by rule then area.
 */
export type WarningList = { at: number, warnings: Array<Warning>, };

/**
 * A worker a dispatcher can assign.
 */
export type WorkerInfo = { person_id: PersonId, name: string, role: Role, grids: Array<string>, 
/**
 * A department handler's organisation, by name (its code when the name is unknown).
 */
organisation: string | null, 
/**
 * That organisation's code (what a whistle calls), for a department handler.
 */
organisation_code: string | null, };

export const CASE_STATES: readonly CaseState[] = ["reported", "accepted", "rejected", "dispatched", "in_progress", "resolved", "verified", "closed"];
export const ROLES: readonly Role[] = ["full_time_grid_worker", "part_time_grid_worker", "information_reporter", "community_dispatcher", "street_dispatcher", "district_commander", "administrator", "department_handler"];
export const PRIORITIES: readonly Priority[] = ["urgent", "high", "normal"];
export const IMPORT_KINDS: readonly ImportKind[] = ["hierarchy", "grids", "buildings", "organisations", "people", "categories"];
export const SOURCES: readonly Source[] = ["app", "desk", "hotline", "open311", "task"];
export const ROUTINGS: readonly Routing[] = ["grid_worker", "community_queue", "department"];
export const PLACARD_STATUSES: readonly PlacardStatus[] = ["unprinted", "stale", "to_post", "posted"];
