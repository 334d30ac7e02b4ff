// The desk in a browser: the engine's commands answered by the sync server's HTTP API with fetch (the browser session, the SSE pull hints as sync://status, photos, downloads), the transport beside Tauri's.

import { ApiError, toApiError } from './error';
import { IMPORT_ARGS_HEADER, SYNC_STATUS_EVENT, type Transport, type Unlisten } from './transport';
import type {
  AdminAuditInfo,
  AdminPersonInfo,
  CaseAction,
  CaseDetailInfo,
  CaseFilterInput,
  CaseSummary,
  CategoryAdminInfo,
  ChangePasswordArgs,
  DeskCase,
  EnrollmentInfo,
  ExportFormat,
  ImportArgs,
  ImportReportInfo,
  KpiGroup,
  KpiRowView,
  MeInfo,
  NearbyQuery,
  NewCase,
  NewTasks,
  OneTimePasswordInfo,
  PlacardPrint,
  SavedFile,
  SavedPdf,
  SyncStatus,
} from './generated';
import type { BuildingView, CaseDetail, CaseList, CaseView, DeviceView, Directory, ErrorBody, KpiReport, Me, NearbyCases, PersonView, WebSession } from './wire';
import * as views from './httpViews';
import * as send from './httpRequests';
import { locateIn } from './gridLocate';
import { DEFAULT_UTC_OFFSET_MIN, dispositionName, isPdf, pdfPages, placardFileName } from './httpFiles';

/** The cookie the page's scripts read and echo in `x-csrf-token` (protocol::WEB_CSRF_COOKIE). */
export const CSRF_COOKIE = 'wangge_csrf';
export const CSRF_HEADER = 'x-csrf-token';
/** The code of a command the browser desk does not have: the phone app's field work. */
export const NOT_IN_BROWSER = 'not_in_browser';

/** The commands of the phone app's field work (and its local views), refused in a browser. */
const PHONE_ONLY = [
  'enroll',
  'enroll_from_image',
  'prepare_photo_bytes',
  'capture_report',
  'my_reports',
  'tasks',
  'case_detail',
  'task_act',
  'patrol_start',
  'patrol_checkin',
  'patrol_end',
  'patrol_current',
];

/** The event stream's reconnection waits: from 1 s, doubling, at most a minute. */
const STREAM_RETRY_MIN_MS = 1_000;
const STREAM_RETRY_MAX_MS = 60_000;

/** What the transport needs of the page, handed in so tests can stand in for it. */
export interface HttpEnv {
  fetch(url: string, init: RequestInit): Promise<Response>;
  /** A cookie the page's scripts may read, or null. */
  cookie(name: string): string | null;
  /** Hands a file to the person: the browser's download. */
  save(name: string, bytes: Uint8Array<ArrayBuffer>, type: string): void;
  /** An address an `<img>` shows the bytes at, and its release. */
  objectUrl(bytes: Uint8Array<ArrayBuffer>, type: string): string;
  revokeUrl(url: string): void;
  /** The bytes' sha256 in hex; null where the page cannot hash (not a secure context). */
  sha256(bytes: Uint8Array<ArrayBuffer>): Promise<string | null>;
  /** Runs `f` alone among this browser's tabs (a refresh token is good for one use). */
  exclusive<T>(name: string, f: () => Promise<T>): Promise<T>;
  /** Waits `ms`, or less when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  now(): number;
}

/** The page's own fetch, cookies, downloads, hashing and locks. */
export function browserEnv(): HttpEnv {
  return {
    fetch: (url, init) => fetch(url, init),
    cookie: (name) => {
      for (const part of document.cookie.split(';')) {
        const at = part.indexOf('=');
        if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim() || null;
      }
      return null;
    },
    save: (name, bytes, type) => {
      const url = URL.createObjectURL(new Blob([bytes], { type }));
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      a.style.display = 'none';
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    },
    objectUrl: (bytes, type) => URL.createObjectURL(new Blob([bytes], { type })),
    revokeUrl: (url) => URL.revokeObjectURL(url),
    sha256: async (bytes) => {
      if (!globalThis.crypto?.subtle) return null;
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
      return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
    },
    exclusive: async (name, f) => (navigator.locks ? await navigator.locks.request(name, () => f()) : f()),
    sleep: (ms, signal) =>
      new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(done, ms);
        signal.addEventListener('abort', done, { once: true });
      }),
    now: () => Date.now(),
  };
}

/** The browser session held in the page: the access token lives here only. */
interface Held {
  access: string;
  deviceId: string;
  person: PersonView;
}

interface RequestOptions {
  query?: send.Query;
  json?: unknown;
  body?: Uint8Array<ArrayBuffer>;
  headers?: Record<string, string>;
  /** Error statuses that are answers, not errors. */
  pass?: number[];
  signal?: AbortSignal;
}

const ENDED = ['signed_out', 'not_signed_in'];

function idleStatus(lastSyncAt: number | null): SyncStatus {
  return {
    state: 'idle',
    reason: null,
    queued: 0,
    queued_photos: 0,
    queued_bytes: 0,
    photos_refused: 0,
    progress: null,
    last_sync_at: lastSyncAt,
    rejected: [],
  };
}

function isAbort(e: unknown): boolean {
  return e instanceof Error && e.name === 'AbortError';
}

/** The server's `{code, message}`, or a code from the status when the body is not one (`api::error_body`). */
async function serverError(r: Response): Promise<ApiError> {
  const text = await r.text().catch(() => '');
  try {
    const body = JSON.parse(text) as Partial<ErrorBody>;
    if (typeof body.code === 'string' && body.code !== '') return new ApiError(body.code, body.message || body.code);
  } catch {
    // not JSON: named by its status below
  }
  const code = r.statusText ? r.statusText.toLowerCase().replace(/ /g, '_') : `http_${r.status}`;
  return new ApiError(code, text ? text.slice(0, 300) : `${r.status} ${r.statusText}`.trim());
}

/** A response's bytes; a cut connection is `offline`. */
async function bytesOf(r: Response): Promise<Uint8Array<ArrayBuffer>> {
  try {
    return new Uint8Array(await r.arrayBuffer());
  } catch (e) {
    if (isAbort(e)) throw e;
    throw new ApiError('offline', `the server's answer was cut off: ${toApiError(e).message}`);
  }
}

/** A response's JSON; a cut connection is `offline`, anything but JSON `encoding`. */
async function jsonOf<T>(r: Response): Promise<T> {
  const bytes = await bytesOf(r);
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as T;
  } catch (e) {
    throw new ApiError('encoding', `could not read the server's answer: ${toApiError(e).message}`);
  }
}

/** Reads an event stream, telling `on` each event's name (`event:` lines; data is not used). */
async function readEvents(r: Response, signal: AbortSignal, on: (name: string) => void): Promise<void> {
  const reader = r.body?.getReader();
  if (!reader) return;
  const cancel = () => void reader.cancel().catch(() => undefined);
  signal.addEventListener('abort', cancel, { once: true });
  const decoder = new TextDecoder();
  let buffer = '';
  let name = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      const lines = buffer.split(/\r\n|\r|\n/);
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (line === '') {
          if (name) on(name);
          name = '';
        } else if (line.startsWith('event:')) {
          name = line.slice('event:'.length).replace(/^ /, '');
        }
      }
    }
  } finally {
    signal.removeEventListener('abort', cancel);
  }
}

/**
 * The engine's commands over the sync server's HTTP API at `base` (the page's own origin):
 * what the device engine answers for each, from the server's answers (httpViews.ts), sending
 * what it sends (httpRequests.ts). Signed in with `POST /v1/web/session`; the refresh token is
 * an HttpOnly cookie, renewed once after a 401 and at page load (`me`). Field work is refused.
 */
export function httpTransport(base: string = location.origin, env: HttpEnv = browserEnv()): Transport {
  const origin = base.replace(/\/+$/, '');
  let held: Held | null = null;
  let refreshing: Promise<Held> | null = null;
  let dir: Promise<Directory> | null = null;
  let dirStale = false;
  /** The directory was read with the sign-in: the stream's first hint (sent on connect) is not news. */
  let readWithSignIn = false;
  let status = idleStatus(null);
  const photos = new Map<string, Promise<string>>();
  const handlers = new Set<(s: SyncStatus) => void>();
  let stream: AbortController | null = null;

  // The session

  function url(path: string, query: send.Query = {}): string {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== null && v !== undefined) q.append(k, String(v));
    const qs = q.toString();
    return `${origin}${path}${qs ? `?${qs}` : ''}`;
  }

  /** One request; no answer at all is `offline`. */
  async function fetchOr(target: string, init: RequestInit): Promise<Response> {
    try {
      return await env.fetch(target, { credentials: 'same-origin', ...init });
    } catch (e) {
      if (isAbort(e)) throw e;
      throw new ApiError('offline', `the server cannot be reached: ${toApiError(e).message}`);
    }
  }

  function publish(s: SyncStatus): void {
    status = s;
    for (const h of handlers) h(s);
  }

  /** Forgets the session and what came with it. */
  function forget(): void {
    held = null;
    dir = null;
    readWithSignIn = false;
    stopStream();
    for (const p of photos.values()) p.then(env.revokeUrl, () => undefined);
    photos.clear();
  }

  /** The session is over: a page that was signed in is told through `sync://status` (`signed_out`). */
  function end(message: string): ApiError {
    const had = held !== null;
    forget();
    if (!had) return new ApiError('not_signed_in', 'not signed in; sign in first');
    publish({ ...idleStatus(status.last_sync_at), state: 'signed_out', reason: message });
    return new ApiError('signed_out', `the session has ended (${message}); sign in again`);
  }

  function adopt(s: WebSession): Held {
    held = { access: s.access_token, deviceId: s.device_id, person: s.person };
    return held;
  }

  /** A new access token from the cookie, once even when several calls found it expired. */
  function refresh(stale: string | null): Promise<Held> {
    refreshing ??= env
      .exclusive('wangge-refresh', async () => {
        if (held && held.access !== stale) return held; // renewed meanwhile
        const csrf = env.cookie(CSRF_COOKIE);
        if (!csrf) throw end('no browser session');
        const r = await fetchOr(url('/v1/web/session/refresh'), { method: 'POST', headers: { [CSRF_HEADER]: csrf } });
        if (r.status === 401 || r.status === 403) throw end((await serverError(r)).message);
        if (!r.ok) throw await serverError(r);
        return adopt(await jsonOf<WebSession>(r));
      })
      .finally(() => {
        refreshing = null;
      });
    return refreshing;
  }

  /** An authorised request; after a 401 the session is renewed and the request sent once more
   *  (`Engine::authed`). Error statuses are errors but those in `pass`. */
  async function request(method: string, path: string, o: RequestOptions = {}): Promise<Response> {
    let h = held ?? (await refresh(null));
    for (let renewed = false; ; renewed = true) {
      const headers: Record<string, string> = { ...o.headers, authorization: `Bearer ${h.access}` };
      let body: BodyInit | undefined;
      if (o.json !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(o.json);
      } else if (o.body) {
        headers['content-type'] = 'application/octet-stream';
        body = o.body;
      }
      const r = await fetchOr(url(path, o.query), { method, headers, body, signal: o.signal });
      if (r.status === 401 && !renewed) {
        h = await refresh(h.access);
        continue;
      }
      if (r.status === 401) throw end((await serverError(r)).message);
      if (r.ok || o.pass?.includes(r.status)) return r;
      throw await serverError(r);
    }
  }

  const getJson = async <T>(path: string, query?: send.Query): Promise<T> => jsonOf<T>(await request('GET', path, { query }));
  const sendJson = async <T>(method: string, path: string, json: unknown): Promise<T> => jsonOf<T>(await request(method, path, { json }));
  const seg = encodeURIComponent;

  async function login(username: string, password: string): Promise<MeInfo> {
    const r = await fetchOr(url('/v1/web/session'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (!r.ok) throw await serverError(r);
    const s = await jsonOf<WebSession>(r);
    forget();
    adopt(s);
    if (status.state === 'signed_out') status = idleStatus(null);
    readWithSignIn = true;
    startStream();
    return meNow();
  }

  /** `POST /v1/sessions/password`: the person's own password replaces a one-time one. */
  async function changePassword(a: ChangePasswordArgs): Promise<null> {
    const r = await fetchOr(url('/v1/sessions/password'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: a.username, password: a.password, new_password: a.new_password }),
    });
    if (!r.ok) throw await serverError(r);
    return null;
  }

  /** Ends the browser session on the server (its device revoked, the cookies cleared). */
  async function logout(): Promise<null> {
    try {
      await request('DELETE', '/v1/web/session', { headers: { [CSRF_HEADER]: env.cookie(CSRF_COOKIE) ?? '' } });
    } catch (e) {
      if (!ENDED.includes(toApiError(e).code)) throw e;
    }
    forget();
    status = idleStatus(null);
    return null;
  }

  /** Who is signed in: at page load the cookie's session restored, else who the server says I
   *  am now; null when signed out. */
  async function me(): Promise<MeInfo | null> {
    try {
      const h = held;
      if (h) {
        const now = await getJson<Me>('/v1/me');
        if (held === h) h.person = now.person;
      } else if (env.cookie(CSRF_COOKIE)) {
        await refresh(null);
        readWithSignIn = true;
      } else {
        return null;
      }
      startStream();
      return await meNow();
    } catch (e) {
      if (ENDED.includes(toApiError(e).code)) return null;
      throw e;
    }
  }

  async function meNow(): Promise<MeInfo> {
    const h = held;
    if (!h) throw new ApiError('not_signed_in', 'not signed in; sign in first');
    return views.meInfo(h.person, h.deviceId, origin, await directory());
  }

  // Names and the event stream

  /** The caller's directory, read once per session and again after a pull hint. */
  function directory(force = false): Promise<Directory> {
    if (!dir || dirStale || force) {
      dirStale = false;
      const p = getJson<Directory>('/v1/directory');
      dir = p;
      p.catch(() => {
        if (dir === p) dir = null;
      });
    }
    return dir;
  }

  const fromDirectory =
    <T>(f: (d: Directory) => T) =>
    async (): Promise<T> =>
      f(await directory());

  async function names(): Promise<views.Names> {
    return views.namesOf(await directory(), held?.person ?? null);
  }

  /** Something in my view changed: names are read again, and screens hear a fresh sync. */
  function hint(): void {
    if (readWithSignIn) readWithSignIn = false;
    else dirStale = true;
    publish(idleStatus(env.now()));
  }

  function startStream(): void {
    if (stream || !held || handlers.size === 0) return;
    const ctl = new AbortController();
    stream = ctl;
    void follow(ctl.signal);
  }

  function stopStream(): void {
    stream?.abort();
    stream = null;
  }

  /** `GET /v1/events` while signed in and listened to, reconnecting with backoff. */
  async function follow(signal: AbortSignal): Promise<void> {
    let wait = STREAM_RETRY_MIN_MS;
    while (!signal.aborted) {
      try {
        const r = await request('GET', '/v1/events', { headers: { accept: 'text/event-stream' }, signal });
        await readEvents(r, signal, (name) => {
          if (name !== 'pull') return;
          wait = STREAM_RETRY_MIN_MS;
          hint();
        });
      } catch (e) {
        if (signal.aborted) return;
        const err = toApiError(e);
        if (ENDED.includes(err.code)) return;
        publish({ ...status, state: 'offline', reason: err.message });
      }
      if (signal.aborted) return;
      await env.sleep(wait * (0.75 + Math.random() * 0.5), signal);
      wait = Math.min(wait * 2, STREAM_RETRY_MAX_MS);
    }
  }

  /** The browser's "sync": the directory read again now. */
  async function syncNow(): Promise<SyncStatus> {
    if (!held) return status;
    try {
      await directory(true);
      publish(idleStatus(env.now()));
    } catch (e) {
      const err = toApiError(e);
      if (!ENDED.includes(err.code)) publish({ ...status, state: err.code === 'offline' ? 'offline' : 'error', reason: err.message });
    }
    return status;
  }

  // The desk

  async function myGrids() {
    return views.myGridsOf(await directory(), held?.person.scope ?? null);
  }

  async function locate(lon: number, lat: number) {
    return locateIn((await directory()).grids, lon, lat);
  }

  async function workers(grid: string | null, community: string | null) {
    return views.workersOf((await directory()).people, grid, community);
  }

  async function enrollable() {
    const h = held ?? (await refresh(null));
    return views.enrollableOf(h.person, (await directory()).people);
  }

  async function caseList(filter: CaseFilterInput): Promise<DeskCase[]> {
    const list = await getJson<CaseList>('/v1/cases', { ...send.serverFilter(filter), limit: 500 });
    return views.deskCases(list.cases, await names(), env.now());
  }

  async function overdueBoard(): Promise<DeskCase[]> {
    const list = await getJson<CaseList>('/v1/cases', { open: true, overdue: true, limit: 500 });
    return views.deskCases(list.cases, await names(), env.now(), true);
  }

  async function nearby(q: NearbyQuery): Promise<CaseSummary[]> {
    const found = await getJson<NearbyCases>('/v1/cases/nearby', send.nearbyQuery(q));
    const n = await names();
    return found.cases.map((c) => views.summary(c.case, n, env.now()));
  }

  async function caseDetailOnline(id: string): Promise<CaseDetailInfo> {
    const d = await getJson<CaseDetail>(`/v1/cases/${seg(id)}`);
    return views.onlineDetail(d, await names(), env.now());
  }

  /** The action, then the case with its audit trail (or without, when that read fails). */
  async function dispatchAct(id: string, action: CaseAction): Promise<CaseDetailInfo> {
    const c = await sendJson<CaseView>('POST', `/v1/cases/${seg(id)}/actions`, action);
    try {
      return await caseDetailOnline(c.id);
    } catch {
      return views.detailOf(c, await names(), env.now());
    }
  }

  async function kpis(group: KpiGroup, from: number | null, to: number | null): Promise<KpiRowView[]> {
    const report = await getJson<KpiReport>('/v1/kpis', send.kpiQuery(group, from, to));
    return report.rows.map(views.kpiRowView);
  }

  async function fileCase(c: NewCase): Promise<CaseSummary> {
    const view = await sendJson<CaseView>('POST', '/v1/cases', send.checkedCase(c));
    return views.summary(view, await names(), env.now());
  }

  async function sendTasks(t: NewTasks): Promise<CaseSummary[]> {
    const made = await sendJson<CaseView[]>('POST', '/v1/tasks', send.checkedTasks(t));
    const n = await names();
    return made.map((v) => views.summary(v, n, env.now()));
  }

  async function placards(community: string) {
    return getJson<unknown>('/v1/placards', { community: send.communityCode(community) });
  }

  /** The PDF handed to the browser under the engine's name, in the window's local time. */
  async function printPlacards(print: PlacardPrint, utcOffsetMin: number | null): Promise<SavedPdf> {
    const body = send.placardPrint(print);
    const pdf = await bytesOf(await request('POST', '/v1/placards/print', { json: body }));
    if (!isPdf(pdf)) throw new ApiError('invalid', "the server's answer is not a PDF");
    const name = placardFileName(body.community, body.which, env.now(), utcOffsetMin ?? DEFAULT_UTC_OFFSET_MIN);
    env.save(name, pdf, 'application/pdf');
    return { path: name, pages: pdfPages(pdf), bytes: pdf.length };
  }

  /** A file the server sends, handed to the browser under the server's name. */
  async function download(path: string, query: send.Query, fallback: string): Promise<SavedFile> {
    const r = await request('GET', path, { query });
    const bytes = await bytesOf(r);
    const name = dispositionName(r.headers.get('content-disposition')) ?? fallback;
    env.save(name, bytes, r.headers.get('content-type') ?? 'application/octet-stream');
    return { path: name, bytes: bytes.length };
  }

  const exportCases = (format: ExportFormat, filter: CaseFilterInput) =>
    download(`/v1/exports/cases/${format}`, { ...send.serverFilter(filter) }, `cases.${format}`);

  /** A photo's bytes from the server, as an address for `<img>`; one per photo while signed in. */
  function photoUrl(sha256: string): Promise<string> {
    const known = photos.get(sha256);
    if (known) return known;
    const p = (async () => {
      const r = await request('GET', `/v1/blobs/${seg(sha256)}`, { pass: [404] });
      if (r.status === 404) throw new ApiError('not_found', `not found: photo ${sha256} is not on the server`);
      const bytes = await bytesOf(r);
      const got = await env.sha256(bytes);
      if (got !== null && got !== sha256) {
        throw new ApiError('blob_mismatch', `the server sent photo ${sha256} with content hashing to ${got}`);
      }
      return env.objectUrl(bytes, 'image/jpeg');
    })();
    photos.set(sha256, p);
    p.catch(() => {
      if (photos.get(sha256) === p) photos.delete(sha256);
    });
    return p;
  }

  /** 双报到: the community's QR code from the server, as an address for `<img>`, and the
   *  public page's address it holds. */
  async function joinQr(community: string): Promise<{ url: string; png: string }> {
    const r = await request('GET', `/v1/join/${seg(community)}/qr.png`);
    const bytes = await bytesOf(r);
    return { url: url(`/join/${seg(community)}`), png: env.objectUrl(bytes, 'image/png') };
  }

  // Administration

  /** An administrator's change: the directory is read again at its next use. */
  async function adminChange<T>(method: string, path: string, json?: unknown): Promise<T> {
    const answer = await sendJson<T>(method, path, json);
    dirStale = true;
    return answer;
  }

  const person = (method: string, username: string, action: string, json?: unknown) =>
    adminChange<AdminPersonInfo>(method, `/v1/admin/people/${seg(username)}${action}`, json).then(views.adminPerson);

  /** An import file; a refused one (422) answers with its problems, nothing stored. */
  async function adminImport(args: ImportArgs, bytes: Uint8Array<ArrayBuffer>): Promise<ImportReportInfo> {
    const r = await request('POST', `/v1/admin/import/${seg(args.kind)}`, { query: send.importQuery(args), body: bytes, pass: [422] });
    const report = await jsonOf<ImportReportInfo & Partial<ErrorBody>>(r);
    if (!Array.isArray(report.problems)) throw new ApiError(report.code ?? 'unprocessable_entity', report.message ?? `${r.status}`);
    if (report.applied) dirStale = true;
    return views.importReport(report);
  }

  async function adminPeople(query: Parameters<typeof send.peopleQuery>[0]): Promise<AdminPersonInfo[]> {
    return (await getJson<AdminPersonInfo[]>('/v1/admin/people', send.peopleQuery(query))).map(views.adminPerson);
  }

  async function adminDevices() {
    const devices = await getJson<DeviceView[]>('/v1/devices');
    return views.devicesOf(devices, (await directory()).people);
  }

  async function adminRevoke(id: string, reason: string | null): Promise<null> {
    await request('POST', `/v1/devices/${send.deviceId(id)}/revoke`, { json: send.reasonBody(reason) });
    return null;
  }

  async function adminPutCategory(code: string, edit: Parameters<typeof send.categoryForm>[0]): Promise<CategoryAdminInfo> {
    return views.categoryAdminInfo(await adminChange('PUT', `/v1/admin/categories/${seg(code.trim())}`, send.categoryForm(edit)));
  }

  async function adminResetPassword(username: string): Promise<OneTimePasswordInfo> {
    const a = await jsonOf<OneTimePasswordInfo>(await request('POST', `/v1/admin/people/${seg(username)}/password`));
    return { username: a.username, password: a.password };
  }

  async function adminEnroll(username: string, hours: number | null): Promise<EnrollmentInfo> {
    return views.enrollment(await sendJson('POST', '/v1/admin/enrollments', { username: username.trim(), hours }));
  }

  async function adminAudit(before: number | null, limit: number | null): Promise<AdminAuditInfo[]> {
    return (await getJson<AdminAuditInfo[]>('/v1/admin/audit', { before, limit })).map(views.auditEntry);
  }

  // The command table: each handler names its own arguments, as createApi (index.ts) sends them.
  const commands: Record<string, (a: any) => Promise<unknown>> = {
    login: (a) => login(a.username, a.password),
    change_password: (a) => changePassword(a.args),
    session_ended_reason: async () => null,
    logout: () => logout(),
    me: () => me(),
    sync_status: async () => ({ ...status }),
    sync_now: () => syncNow(),
    categories: fromDirectory(views.categoriesOf),
    areas: fromDirectory(views.areasOf),
    admin_categories: fromDirectory(views.adminCategoriesOf),
    my_grids: () => myGrids(),
    locate: (a) => locate(a.lon, a.lat),
    workers: (a) => workers(a.grid ?? null, a.community ?? null),
    enrollable_people: () => enrollable(),
    nearby_cases: (a) => nearby(a.query),
    photo_data_url: (a) => photoUrl(a.sha256),
    review_queue: () => caseList({ state: 'reported' }),
    case_list: (a) => caseList(a.filter ?? {}),
    overdue_board: () => overdueBoard(),
    case_detail_online: (a) => caseDetailOnline(a.id),
    dispatch_act: (a) => dispatchAct(a.id, a.action),
    kpis: (a) => kpis(a.groupBy, a.from ?? null, a.to ?? null),
    warnings: () => getJson('/v1/warnings'),
    join_registrations: (a) => getJson('/v1/join/registrations', { area: a.area ?? undefined, kind: a.kind ?? undefined, state: a.state ?? undefined }),
    join_decide: (a) => sendJson('POST', `/v1/join/registrations/${seg(a.number)}/decision`, { approve: a.approve, reason: a.reason ?? null }),
    join_qr: (a) => joinQr(a.community),
    participation_figures: (a) => getJson('/v1/participation/figures', { area: a.area ?? undefined }),
    board: () => getJson('/v1/board'),
    buildings: async (a) => (await getJson<BuildingView[]>('/v1/buildings', { grid: a.grid })).map(views.building),
    placards: (a) => placards(a.community),
    print_placards: (a) => printPlacards(a.print, a.utcOffsetMin ?? null),
    export_cases: (a) => exportCases(a.format, a.filter ?? {}),
    export_assessment: (a) => download('/v1/exports/assessment', { from: a.from, to: a.to }, 'assessment.xlsx'),
    file_case: (a) => fileCase(a.case),
    send_tasks: (a) => sendTasks(a.tasks),
    admin_people: (a) => adminPeople(a.query ?? {}),
    admin_create_person: (a) => adminChange<AdminPersonInfo>('POST', '/v1/admin/people', send.newPerson(a.person)).then(views.adminPerson),
    admin_edit_person: (a) => person('PATCH', a.username, '', send.editPerson(a.edit)),
    admin_reset_password: (a) => adminResetPassword(a.username),
    admin_put_category: (a) => adminPutCategory(a.code, a.edit),
    admin_deactivate: (a) => person('POST', a.username, '/deactivate', send.reasonBody(a.reason)),
    admin_move_worker: (a) => person('POST', a.username, '/move', send.moveWorker(a.input)),
    admin_devices: () => adminDevices(),
    admin_revoke_device: (a) => adminRevoke(a.id, a.reason ?? null),
    admin_enroll: (a) => adminEnroll(a.username, a.hours ?? null),
    admin_audit: (a) => adminAudit(a.before ?? null, a.limit ?? null),
  };

  function refused(cmd: string): ApiError {
    return PHONE_ONLY.includes(cmd)
      ? new ApiError(NOT_IN_BROWSER, `${cmd} is field work of the phone app; the desk in a browser does not have it`)
      : new ApiError('unknown_command', `no command ${cmd}`);
  }

  return {
    invoke: async <T>(cmd: string, args: Record<string, unknown> = {}): Promise<T> => {
      const handler = Object.prototype.hasOwnProperty.call(commands, cmd) ? commands[cmd] : undefined;
      if (!handler) throw refused(cmd);
      return (await handler(args)) as T;
    },
    invokeBytes: async <T>(cmd: string, bytes: Uint8Array, headers: Record<string, string>): Promise<T> => {
      if (cmd !== 'admin_import') throw refused(cmd);
      const raw = headers[IMPORT_ARGS_HEADER];
      if (raw === undefined) throw new ApiError('invalid', `admin_import needs the ${IMPORT_ARGS_HEADER} header`);
      return (await adminImport(JSON.parse(decodeURIComponent(raw)) as ImportArgs, new Uint8Array(bytes))) as T;
    },
    listen: async <T>(event: string, handler: (payload: T) => void): Promise<Unlisten> => {
      if (event !== SYNC_STATUS_EVENT) return () => undefined;
      const h = (s: SyncStatus) => handler(s as T);
      handlers.add(h);
      startStream();
      return () => {
        handlers.delete(h);
        if (handlers.size === 0) stopStream();
      };
    },
  };
}
