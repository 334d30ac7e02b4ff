// The typed API of the device engine: every call from the UI to Rust (or, in a browser, to the
// sync server through http.ts) goes through here.
// Command names follow docs/app-commands.md. Top-level argument keys are camelCase (Tauri
// converts them to the Rust parameter names); the fields of a struct argument are snake_case,
// exactly as in generated.ts.

import { toApiError, ApiError } from './error';
import { httpTransport } from './http';
import { ENROLL_SERVER_HEADER, IMPORT_ARGS_HEADER, PHOTO_NAME_HEADER, SYNC_STATUS_EVENT, inTauri, tauriTransport, type Transport, type Unlisten } from './transport';
import type {
  AdminAuditInfo,
  AdminPersonInfo,
  BuildingInfo,
  CaptureReport,
  CaseAction,
  CaseDetailInfo,
  CaseFilterInput,
  CaseId,
  CaseSummary,
  CategoryCode,
  CategoryAdminInfo,
  CategoryEdit,
  DeskCase,
  DeviceInfo,
  CategoryInfo,
  ChangePasswordArgs,
  EnrollmentInfo,
  ExportFormat,
  Figures,
  GridInfo,
  AreaInfo,
  BoardView,
  ImportArgs,
  ImportReportInfo,
  JoinList,
  JoinQr,
  JoinStatus,
  KpiGroup,
  KpiRowView,
  Located,
  MeInfo,
  Millis,
  MoveWorkerInput,
  NewCase,
  NewPersonInput,
  NewTasks,
  OneTimePasswordInfo,
  PatrolInfo,
  PeopleQuery,
  PersonEdit,
  PersonInfo,
  PhotoHash,
  PhotoInfo,
  PlacardList,
  PlacardSelection,
  SavedFile,
  SavedPdf,
  SyncStatus,
  TaskAct,
  TaskAction,
  WarningList,
  WorkerInfo,
} from './types';

export * from './types';
export { ApiError, toApiError } from './error';
export type { Transport, Unlisten } from './transport';
export { ENROLL_SERVER_HEADER, IMPORT_ARGS_HEADER, PHOTO_NAME_HEADER, SYNC_STATUS_EVENT, inTauri } from './transport';

/** The optional parts of a `task_act`: a note and photos (resolve), or a reason (return). */
export type TaskActArgs = Omit<TaskAct, 'id' | 'action'>;

export function createApi(transport: () => Promise<Transport>) {
  async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
    let t: Transport;
    try {
      t = await transport();
    } catch (e) {
      throw toApiError(e);
    }
    try {
      return await t.invoke<T>(cmd, args);
    } catch (e) {
      throw toApiError(e);
    }
  }

  async function callBytes<T>(cmd: string, bytes: Uint8Array, headers: Record<string, string>): Promise<T> {
    let t: Transport;
    try {
      t = await transport();
    } catch (e) {
      throw toApiError(e);
    }
    try {
      return await t.invokeBytes<T>(cmd, bytes, headers);
    } catch (e) {
      throw toApiError(e);
    }
  }

  return {
    // Session
    login: (server: string, username: string, password: string) =>
      call<MeInfo>('login', { server, username, password }),
    /** After `password_change_required`: the person's own password replaces the one-time one. */
    changePassword: (args: ChangePasswordArgs) => call<null>('change_password', { args }),
    /** Signs in with an enrollment code: the QR code's `wangge://enroll?…` link, or the bare code with `server`. */
    enroll: (code: string, server: string | null = null) => call<MeInfo>('enroll', { code, server }),
    /** Signs in with the enrollment QR code in a picture: its bytes as the raw body. */
    enrollFromImage: (bytes: Uint8Array, server: string | null = null) =>
      callBytes<MeInfo>('enroll_from_image', bytes, server ? { [ENROLL_SERVER_HEADER]: encodeURIComponent(server) } : {}),
    /** Why the last session ended (the administrator's reason for revoking this device), or null. */
    sessionEndedReason: () => call<string | null>('session_ended_reason'),
    logout: () => call<null>('logout'),
    me: () => call<MeInfo | null>('me'),

    // Sync
    syncStatus: () => call<SyncStatus>('sync_status'),
    syncNow: () => call<SyncStatus>('sync_now'),
    onSyncStatus: async (handler: (s: SyncStatus) => void): Promise<Unlisten> => {
      try {
        return await (await transport()).listen<SyncStatus>(SYNC_STATUS_EVENT, handler);
      } catch (e) {
        throw toApiError(e);
      }
    },

    // Reference data
    categories: () => call<CategoryInfo[]>('categories'),
    areas: () => call<AreaInfo[]>('areas'),
    myGrids: () => call<GridInfo[]>('my_grids'),
    buildings: (grid: string) => call<BuildingInfo[]>('buildings', { grid }),
    locate: (lon: number, lat: number) => call<Located>('locate', { lon, lat }),

    // Capture
    // The photo travels as the raw request body; its file name (for messages) as a header,
    // percent-encoded because header values are ASCII.
    preparePhotoBytes: (bytes: Uint8Array, name: string) =>
      callBytes<PhotoInfo>('prepare_photo_bytes', bytes, { [PHOTO_NAME_HEADER]: encodeURIComponent(name) }),
    nearbyCases: (lon: number, lat: number, category: CategoryCode, radiusM: number) =>
      call<CaseSummary[]>('nearby_cases', { query: { lon, lat, category, radius_m: radiusM } }),
    captureReport: (report: CaptureReport) => call<CaseSummary>('capture_report', { report }),
    myReports: () => call<CaseSummary[]>('my_reports'),

    // Tasks
    tasks: () => call<CaseSummary[]>('tasks'),
    caseDetail: (id: CaseId) => call<CaseDetailInfo>('case_detail', { id }),
    taskAct: (id: CaseId, action: TaskAction, args: TaskActArgs = {}) => {
      const act: TaskAct = {
        id,
        action,
        note: args.note ?? null,
        photos: args.photos ?? [],
        reason: args.reason ?? null,
      };
      return call<CaseSummary>('task_act', { act });
    },
    photoDataUrl: (sha256: PhotoHash, thumb: boolean) =>
      call<string>('photo_data_url', { sha256, thumb }),

    // Patrol
    patrolStart: (grid: string) => call<PatrolInfo>('patrol_start', { grid }),
    /** `placardPosted`: the newest printed 网格公示牌 now hangs at this entrance. */
    patrolCheckin: (building: string, unit: string | null, lon: number, lat: number, note: string | null, placardPosted = false) =>
      call<PatrolInfo>('patrol_checkin', { checkin: { building, unit, lon, lat, note, placard_posted: placardPosted } }),
    patrolEnd: () => call<PatrolInfo>('patrol_end'),
    patrolCurrent: () => call<PatrolInfo | null>('patrol_current'),

    // Dispatcher and supervisor
    reviewQueue: () => call<DeskCase[]>('review_queue'),
    caseList: (filter: CaseFilterInput) => call<DeskCase[]>('case_list', { filter }),
    /** A case with its history from the server (the desk's cases are not all on this device). */
    caseDetailOnline: (id: CaseId) => call<CaseDetailInfo>('case_detail_online', { id }),
    /** A dispatcher's or commander's action, `CaseAction` tagged by `action`. */
    dispatchAct: (id: CaseId, action: CaseAction) => call<CaseDetailInfo>('dispatch_act', { id, action }),
    workers: (scope: { grid?: string; community?: string } = {}) =>
      call<WorkerInfo[]>('workers', scope),
    overdueBoard: () => call<DeskCase[]>('overdue_board'),
    /** 指挥平台: the area's grids, open cases as points, today's counts and the escalations. */
    board: () => call<BoardView>('board'),
    kpis: (groupBy: KpiGroup, from: Millis | null = null, to: Millis | null = null) =>
      call<KpiRowView[]>('kpis', { groupBy, from, to }),
    /** A community's entrances with their 网格公示 placards' state and the counts per state. */
    placards: (community: string) => call<PlacardList>('placards', { community }),
    /** Prints placards (all, stale, unprinted, or the listed entrances) into a PDF saved in
     *  the Downloads folder; its name carries this window's local time. */
    printPlacards: (community: string, which: PlacardSelection, size: 'a5' | 'a4', entrances: string[] = []) =>
      call<SavedPdf>('print_placards', {
        print: { community, which, entrances, size },
        utcOffsetMin: -new Date().getTimezoneOffset(),
      }),
    /** 受理来电: files a case taken at the desk (accepted at once; dispatched when a worker is named). */
    fileCase: (c: NewCase) => call<CaseSummary>('file_case', { case: c }),
    /** 下发任务: a case per grid, each dispatched to the grid's full-time worker. */
    sendTasks: (tasks: NewTasks) => call<CaseSummary[]>('send_tasks', { tasks }),
    /** 风险预警: the risk warnings in the person's area now, by rule then area. */
    warnings: () => call<WarningList>('warnings'),
    /** 双报到: the registrations and role claims of an area (the person's own when none),
     *  newest first; names and phones only of the community's own. */
    joinRegistrations: (filter: { area?: string | null; kind?: string | null; state?: string | null } = {}) =>
      call<JoinList>('join_registrations', { area: filter.area ?? null, kind: filter.kind ?? null, state: filter.state ?? null }),
    /** 双报到: approves, or refuses with a reason, a pending registration or claim. */
    joinDecide: (number: string, approve: boolean, reason: string | null = null) =>
      call<JoinStatus>('join_decide', { number, approve, reason }),
    /** 双报到: the community's QR code (its public page's address and a PNG to print). */
    joinQr: (community: string) => call<JoinQr>('join_qr', { community }),
    /** 双报到: units and members registered, pending and roles claimed per community, street, district. */
    participationFigures: (area: string | null = null) => call<Figures>('participation_figures', { area }),
    /** The cases a filter lists, as CSV, Excel or GeoJSON saved in the Downloads folder. */
    exportCases: (format: ExportFormat, filter: CaseFilterInput = {}) => call<SavedFile>('export_cases', { format, filter }),
    /** The 考核 assessment workbook of `[from, to)`, saved in the Downloads folder. */
    exportAssessment: (from: Millis | null = null, to: Millis | null = null) =>
      call<SavedFile>('export_assessment', { from, to }),

    // Administration (online)
    /** An import file's bytes as the raw body; a refused file answers with its problems. */
    adminImport: (args: ImportArgs, bytes: Uint8Array) =>
      callBytes<ImportReportInfo>('admin_import', bytes, { [IMPORT_ARGS_HEADER]: encodeURIComponent(JSON.stringify(args)) }),
    adminPeople: (query: PeopleQuery = {}) => call<AdminPersonInfo[]>('admin_people', { query }),
    adminCreatePerson: (person: NewPersonInput) => call<AdminPersonInfo>('admin_create_person', { person }),
    /** Absent (null) fields stay as they are; an empty phone removes it. */
    adminEditPerson: (username: string, edit: PersonEdit) => call<AdminPersonInfo>('admin_edit_person', { username, edit }),
    /** A one-time password, shown once: the person chooses their own at the next sign-in. */
    adminResetPassword: (username: string) => call<OneTimePasswordInfo>('admin_reset_password', { username }),
    /** The catalogue with routing and limits (synced), retired categories too. */
    adminCategories: () => call<CategoryAdminInfo[]>('admin_categories'),
    /** Adds or changes one category; null fields keep the stored value. */
    adminPutCategory: (code: string, edit: CategoryEdit) => call<CategoryAdminInfo>('admin_put_category', { code, edit }),
    adminDeactivate: (username: string, reason: string | null = null) =>
      call<AdminPersonInfo>('admin_deactivate', { username, reason }),
    adminMoveWorker: (username: string, input: MoveWorkerInput) => call<AdminPersonInfo>('admin_move_worker', { username, input }),
    /** Every device of the district, revoked ones too, the most recently seen first. */
    adminDevices: () => call<DeviceInfo[]>('admin_devices'),
    /** Revokes a device: the phone wipes itself at its next contact. */
    adminRevokeDevice: (id: string, reason: string | null) => call<null>('admin_revoke_device', { id, reason }),
    adminEnroll: (username: string, hours: number | null = null) => call<EnrollmentInfo>('admin_enroll', { username, hours }),
    adminAudit: (before: number | null = null, limit: number | null = null) =>
      call<AdminAuditInfo[]>('admin_audit', { before, limit }),
    /** The synced people a community dispatcher may enroll. */
    enrollablePeople: () => call<PersonInfo[]>('enrollable_people'),
  };
}

export type Api = ReturnType<typeof createApi>;

let transportPromise: Promise<Transport> | null = null;

/** The Tauri shell's engine in the app; the sync server's HTTP API in a browser. */
function defaultTransport(): Promise<Transport> {
  if (!transportPromise) transportPromise = inTauri() ? tauriTransport() : Promise.resolve(httpTransport());
  return transportPromise;
}

export const api: Api = createApi(defaultTransport);

export { currentPosition, isPhone, scanQr, parseBuildingCode, type Fix } from './native';
