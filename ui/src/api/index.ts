// The typed API of the device engine: every call from the UI to Rust goes through here.
// Command names and argument keys follow docs/app-commands.md (argument keys camelCase,
// as Tauri converts them to the Rust parameter names).

import { toApiError, ApiError } from './error';
import { tauriTransport, type Transport, type Unlisten } from './transport';
import type {
  Building,
  CaseDetail,
  CaseFilter,
  CaseSummary,
  Category,
  DispatchAction,
  DispatchArgs,
  GridInfo,
  KpiGroup,
  KpiRow,
  Located,
  Me,
  Millis,
  NewReport,
  Patrol,
  PhotoRef,
  SyncStatus,
  TaskAction,
  Worker,
} from './types';

export * from './types';
export { ApiError, toApiError } from './error';
export type { Transport, Unlisten } from './transport';

export const SYNC_STATUS_EVENT = 'sync://status';
/** Header carrying a photo's file name with `prepare_photo_bytes` (percent-encoded UTF-8). */
export const PHOTO_NAME_HEADER = 'x-photo-name';

export interface TaskActArgs {
  note?: string | null;
  photos?: string[];
  reason?: string | null;
}

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
      call<Me>('login', { server, username, password }),
    logout: () => call<null>('logout'),
    me: () => call<Me | null>('me'),

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
    categories: () => call<Category[]>('categories'),
    myGrids: () => call<GridInfo[]>('my_grids'),
    buildings: (grid: string) => call<Building[]>('buildings', { grid }),
    locate: (lon: number, lat: number) => call<Located>('locate', { lon, lat }),

    // Capture
    // The photo travels as the raw request body; its file name (for messages) as a header,
    // percent-encoded because header values are ASCII.
    preparePhotoBytes: (bytes: Uint8Array, name: string) =>
      callBytes<PhotoRef>('prepare_photo_bytes', bytes, { [PHOTO_NAME_HEADER]: encodeURIComponent(name) }),
    nearbyCases: (lon: number, lat: number, category: string, radiusM: number) =>
      call<CaseSummary[]>('nearby_cases', { lon, lat, category, radiusM }),
    captureReport: (report: NewReport) => call<CaseSummary>('capture_report', { report }),
    myReports: () => call<CaseSummary[]>('my_reports'),

    // Tasks
    tasks: () => call<CaseSummary[]>('tasks'),
    caseDetail: (id: string) => call<CaseDetail>('case_detail', { id }),
    taskAct: (id: string, action: TaskAction, args: TaskActArgs = {}) =>
      call<CaseSummary>('task_act', {
        id,
        action,
        note: args.note ?? null,
        photos: args.photos ?? [],
        reason: args.reason ?? null,
      }),
    photoDataUrl: (sha256: string, thumb: boolean) =>
      call<string>('photo_data_url', { sha256, thumb }),

    // Patrol
    patrolStart: (grid: string) => call<Patrol>('patrol_start', { grid }),
    patrolCheckin: (building: string, unit: string | null, lon: number, lat: number, note: string | null) =>
      call<Patrol>('patrol_checkin', { building, unit, lon, lat, note }),
    patrolEnd: () => call<Patrol>('patrol_end'),
    patrolCurrent: () => call<Patrol | null>('patrol_current'),

    // Dispatcher and supervisor
    reviewQueue: () => call<CaseSummary[]>('review_queue'),
    caseList: (filter: CaseFilter) => call<CaseSummary[]>('case_list', { filter }),
    /** A case with its history from the server (the desk's cases are not all on this device). */
    caseDetailOnline: (id: string) => call<CaseDetail>('case_detail_online', { id }),
    dispatchAct: (id: string, action: DispatchAction, args: DispatchArgs = {}) =>
      call<CaseDetail>('dispatch_act', { id, action, ...args }),
    workers: (scope: { grid?: string; community?: string } = {}) =>
      call<Worker[]>('workers', scope),
    overdueBoard: () => call<CaseSummary[]>('overdue_board'),
    kpis: (groupBy: KpiGroup, from: Millis | null = null, to: Millis | null = null) =>
      call<KpiRow[]>('kpis', { groupBy, from, to }),
  };
}

export type Api = ReturnType<typeof createApi>;

let transportPromise: Promise<Transport> | null = null;

function defaultTransport(): Promise<Transport> {
  if (!transportPromise) transportPromise = tauriTransport();
  return transportPromise;
}

export const api: Api = createApi(defaultTransport);

export { currentPosition, isPhone, scanQr, parseBuildingCode, type Fix } from './native';
