import { describe, expect, it } from 'vitest';
import { createApi, type SyncStatus } from './index';
import { httpTransport, type HttpEnv } from './http';
import { errorMessage } from '../i18n/errorMessage';
import { translator } from '../i18n/dictionary';
import type { CaseView, Directory, PersonView, WebSession } from './wire';

const ORIGIN = 'https://wg.example.cn';
const NOW = 1_750_000_000_000;
const G1 = '130302001001001';

const dispatcher: PersonView = {
  id: 'd1', username: 'lina', name: '李娜', role: 'community_dispatcher', scope: { level: 'community', code: '130302001001' }, phone: null, organisation: null, organisation_name: null,
};
const worker: PersonView = { id: 'w1', username: 'zw', name: '张伟', role: 'full_time_grid_worker', scope: { level: 'grids', code: [G1] }, phone: null };
const directory: Directory = {
  categories: [{ code: '5101', kind: 'event', major_name_zh: '市容环境', name_zh: '暴露垃圾', name_en: 'Exposed rubbish', accept_minutes: [1, 2, 3], resolve_minutes: [4, 5, 6] }],
  areas: [{ level: 'community', code: '130302001001', name: '红旗里社区' }],
  grids: [{ code: G1, community: '130302001001', name: '一网格', geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] } }],
  people: [dispatcher, worker],
};
const aCase: CaseView = {
  id: '6f1c2a4e-8d4b-4f7e-9a51-0c3a2b1d9e70', grid: G1, community: '130302001001', outside_grid: false, state: 'dispatched', category: '5101', priority: 'normal',
  description: '垃圾', location: { lon: 0.5, lat: 0.5 }, photos: [], reporter: 'w1', assignee: 'w1', self_resolved: false, reported_at: 1, updated_at: 1,
  due_at: null, overdue: true, escalation: 0, duplicate_of: null, resolution: null, conflicts: [], rework_count: 0, source: 'hotline', external_ref: 'T-1',
};

interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: unknown;
  init: RequestInit;
}
type Route = (c: Call) => Response | Promise<Response>;

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
const refusal = (status: number, code: string, message = code) => json(status, { code, message });

/** A stand-in for the sync server: its browser session (cookie, rotating access tokens) and the routes a test gives. */
function fakeServer(routes: Record<string, Route> = {}) {
  const state = { cookie: null as string | null, access: 'a1', issued: 1, refreshOk: true, person: dispatcher };
  const calls: Call[] = [];
  const session = (): WebSession => ({ device_id: 'dev-1', person: state.person, access_token: state.access, access_expires_at: NOW + 900_000 });
  const authed = (route: Route): Route => (c) => (c.headers.authorization === `Bearer ${state.access}` ? route(c) : refusal(401, 'unauthorized', 'expired'));
  const all: Record<string, Route> = {
    'POST /v1/web/session': (c) => {
      const b = c.body as { username: string; password: string };
      if (b.username === 'zw') return refusal(403, 'use_the_app', '网格员请使用 App');
      if (b.password === 'otp') return refusal(401, 'password_change_required', 'choose a password');
      if (b.password !== 'pw') return refusal(401, 'unauthorized', 'wrong password');
      state.cookie = 'csrf-1';
      return json(201, session());
    },
    'POST /v1/web/session/refresh': (c) => {
      if (!state.cookie || c.headers['x-csrf-token'] !== state.cookie) return refusal(403, 'csrf');
      if (!state.refreshOk) return refusal(401, 'not_signed_in', 'no browser session');
      state.access = `a${++state.issued}`;
      return json(200, session());
    },
    'DELETE /v1/web/session': authed(() => {
      state.cookie = null;
      return new Response(null, { status: 204 });
    }),
    'POST /v1/sessions/password': () => new Response(null, { status: 204 }),
    'GET /v1/me': authed(() => json(200, { device_id: 'dev-1', person: state.person })),
    'GET /v1/directory': authed(() => json(200, directory)),
    ...Object.fromEntries(Object.entries(routes).map(([k, r]) => [k, authed(r)])),
  };
  async function fetch(url: string, init: RequestInit): Promise<Response> {
    const u = new URL(url);
    expect(u.origin).toBe(ORIGIN);
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : init.body;
    const c: Call = { method: init.method ?? 'GET', path: u.pathname, query: u.searchParams, headers, body, init };
    calls.push(c);
    const route = all[`${c.method} ${c.path}`];
    return route ? route(c) : refusal(404, 'not_found', `no route ${c.method} ${c.path}`);
  }
  return { state, calls, fetch, count: (method: string, path: string) => calls.filter((c) => c.method === method && c.path === path).length };
}

function setup(routes: Record<string, Route> = {}) {
  const server = fakeServer(routes);
  const saved: { name: string; bytes: Uint8Array; type: string }[] = [];
  const revoked: string[] = [];
  const sleeps: number[] = [];
  let urls = 0;
  const env: HttpEnv = {
    fetch: server.fetch,
    cookie: (name) => (name === 'wangge_csrf' ? server.state.cookie : null),
    save: (name, bytes, type) => saved.push({ name, bytes, type }),
    objectUrl: () => `blob:${ORIGIN}/${++urls}`,
    revokeUrl: (u) => revoked.push(u),
    sha256,
    exclusive: (_name, f) => f(),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    now: () => NOW,
  };
  const transport = httpTransport(`${ORIGIN}/`, env);
  return { server, saved, revoked, sleeps, transport, api: createApi(async () => transport) };
}

/** The `n`th from the end. */
function last<T>(xs: readonly T[], n = 1): T | undefined {
  return xs[xs.length - n];
}

async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  return Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Lets the transport's pending work run until `done` holds. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 0));
  expect(done()).toBe(true);
}

async function refusedCode(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as { code: string }).code;
  }
  return 'ok';
}

/** An event stream the test writes to. */
function eventStream() {
  let ctl!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (ctl = c) });
  return {
    response: () => new Response(body, { headers: { 'content-type': 'text/event-stream' } }),
    send: (text: string) => ctl.enqueue(new TextEncoder().encode(text)),
  };
}

describe('the browser session', () => {
  it('signs in with the password at the page’s own server and answers who is signed in', async () => {
    const { api, server } = setup();
    const me = await api.login('ignored', 'lina', 'pw');
    expect(me).toMatchObject({ person_id: 'd1', name: '李娜', server: ORIGIN, device_id: 'dev-1', community: '130302001001', community_name: '红旗里社区', street: '130302001' });
    expect(me.grids.map((g) => g.code)).toEqual([G1]);
    const [signIn, dir] = server.calls;
    expect(signIn).toMatchObject({ method: 'POST', path: '/v1/web/session', body: { username: 'lina', password: 'pw' } });
    expect(signIn!.init.credentials).toBe('same-origin');
    expect(signIn!.headers.authorization).toBeUndefined();
    expect(dir).toMatchObject({ method: 'GET', path: '/v1/directory' });
    expect(dir!.headers.authorization).toBe('Bearer a1');
  });

  it('keeps the server’s refusals: the app’s people are sent to it, a one-time password asks for a new one', async () => {
    const { api, server } = setup();
    const e = await api.login('', 'zw', 'pw').catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'use_the_app' });
    expect(errorMessage(e, translator('zh'))).toContain('网格通 App');
    expect(errorMessage(e, translator('en'))).toContain('Wangge app');
    expect(await refusedCode(api.login('', 'lina', 'otp'))).toBe('password_change_required');
    expect(await refusedCode(api.login('', 'lina', 'nope'))).toBe('unauthorized');
    await api.changePassword({ server: 'ignored', username: 'lina', password: 'otp', new_password: 'a-new-one' });
    expect(last(server.calls)).toMatchObject({ method: 'POST', path: '/v1/sessions/password', body: { username: 'lina', password: 'otp', new_password: 'a-new-one' } });
  });

  it('at page load restores the cookie’s session; without a cookie or a live session nobody is signed in', async () => {
    const { api, server } = setup();
    expect(await api.me()).toBeNull();
    expect(server.calls).toEqual([]);
    server.state.cookie = 'csrf-1';
    server.state.refreshOk = false;
    expect(await api.me()).toBeNull();
    server.state.refreshOk = true;
    expect(await api.me()).toMatchObject({ person_id: 'd1', server: ORIGIN });
    const refresh = server.calls.filter((c) => c.path === '/v1/web/session/refresh');
    expect(refresh.map((c) => c.headers['x-csrf-token'])).toEqual(['csrf-1', 'csrf-1']);
    expect(last(server.calls)!.headers.authorization).toBe('Bearer a2');
    // Signed in, `me` asks the server who I am now (a rename shows).
    server.state.person = { ...dispatcher, name: '李娜娜' };
    expect((await api.me())?.name).toBe('李娜娜');
    expect(last(server.calls)).toMatchObject({ method: 'GET', path: '/v1/me' });
  });

  it('renews an expired access token once, for all the calls that found it expired, and sends each again', async () => {
    const { api, server } = setup({ 'GET /v1/cases': () => json(200, { cases: [aCase], total: 1 }), 'GET /v1/kpis': () => json(200, { level: 'grid', from: 0, to: 1, rows: [] }) });
    await api.login('', 'lina', 'pw');
    server.state.access = 'expired-elsewhere';
    const [cases, kpis] = await Promise.all([api.caseList({}), api.kpis('grid')]);
    expect(cases).toHaveLength(1);
    expect(kpis).toEqual([]);
    expect(server.count('POST', '/v1/web/session/refresh')).toBe(1);
    const sent = server.calls.filter((c) => c.path === '/v1/cases' || c.path === '/v1/kpis').map((c) => c.headers.authorization);
    expect(sent.sort()).toEqual(['Bearer a1', 'Bearer a1', 'Bearer a2', 'Bearer a2']);
  });

  it('双报到: the desk\'s commands reach the same routes as the app\'s engine', async () => {
    const entry = { number: 'SB23456789AB', kind: 'member', state: 'pending', community: '130302001001', community_name: '红旗里', submitted_at: 1, decided_at: null, reason: null, member: null, personal: null };
    const { api, server } = setup({
      'GET /v1/join/registrations': () => json(200, { entries: [entry] }),
      'POST /v1/join/registrations/SB23456789AB/decision': (c) => json(200, { ...entry, state: (c.body as { approve: boolean }).approve ? 'approved' : 'refused' }),
      'GET /v1/join/130302001001/qr.png': () => new Response(new Uint8Array([0x89, 0x50, 0x4e, 0x47]), { status: 200, headers: { 'content-type': 'image/png' } }),
      'GET /v1/participation/figures': () => json(200, { rows: [] }),
    });
    await api.login('', 'lina', 'pw');
    expect((await api.joinRegistrations({ state: 'pending' })).entries).toHaveLength(1);
    expect(last(server.calls)?.query.get('state')).toBe('pending');
    expect(last(server.calls)?.query.has('area')).toBe(false);
    expect((await api.joinDecide('SB23456789AB', false, '不在本社区')).state).toBe('refused');
    expect(last(server.calls)?.body).toEqual({ approve: false, reason: '不在本社区' });
    const qr = await api.joinQr('130302001001');
    expect(qr.url).toBe(`${ORIGIN}/join/130302001001`);
    expect(qr.png).toMatch(/^blob:/);
    expect((await api.participationFigures('130302001')).rows).toEqual([]);
    expect(last(server.calls)?.query.get('area')).toBe('130302001');
  });

  it('a session that cannot be renewed signs the page out through sync://status', async () => {
    const { api, server } = setup({ 'GET /v1/warnings': () => json(200, { at: 1, warnings: [] }) });
    await api.login('', 'lina', 'pw');
    const seen: SyncStatus[] = [];
    await api.onSyncStatus((s) => seen.push(s));
    server.state.access = 'gone';
    server.state.refreshOk = false;
    expect(await refusedCode(api.warnings())).toBe('signed_out');
    expect(last(seen)).toMatchObject({ state: 'signed_out', reason: 'no browser session' });
    expect(await api.me()).toBeNull();
  });

  it('signs out on the server with the bearer and the CSRF token, then nobody is signed in', async () => {
    const { api, server } = setup();
    await api.login('', 'lina', 'pw');
    await api.logout();
    const del = server.calls.find((c) => c.method === 'DELETE');
    expect(del).toMatchObject({ path: '/v1/web/session' });
    expect(del!.headers).toMatchObject({ authorization: 'Bearer a1', 'x-csrf-token': 'csrf-1' });
    expect(await api.me()).toBeNull();
    expect(await refusedCode(api.categories())).toBe('not_signed_in');
    expect(await api.sessionEndedReason()).toBeNull();
  });
});

describe('live updates: GET /v1/events as sync://status', () => {
  it('each pull hint is a fresh, idle status with nothing pending, and names are read again', async () => {
    const stream = eventStream();
    let signal: AbortSignal | null = null;
    const { api, server } = setup({
      'GET /v1/events': (c) => {
        signal = c.init.signal ?? null;
        expect(c.headers.accept).toBe('text/event-stream');
        return stream.response();
      },
    });
    await api.login('', 'lina', 'pw');
    const seen: SyncStatus[] = [];
    const unlisten = await api.onSyncStatus((s) => seen.push(s));
    await until(() => server.count('GET', '/v1/events') === 1);
    stream.send('event: pull\ndata: \n\n');
    await until(() => seen.length === 1);
    expect(seen[0]).toEqual({ state: 'idle', reason: null, queued: 0, queued_photos: 0, queued_bytes: 0, photos_refused: 0, progress: null, last_sync_at: NOW, rejected: [] });
    expect(await api.syncStatus()).toEqual(seen[0]);
    // The hint sent on connect is no news: the directory was read with the sign-in.
    await api.categories();
    expect(server.count('GET', '/v1/directory')).toBe(1);
    stream.send(': keep-alive\n\nevent: pull\r\ndata:\r\n\r\n');
    await until(() => seen.length === 2);
    await api.categories();
    await api.areas();
    expect(server.count('GET', '/v1/directory')).toBe(2);
    unlisten();
    expect(signal!.aborted).toBe(true);
  });

  it('reconnects after a failure, waiting longer each time and saying offline meanwhile', async () => {
    const stream = eventStream();
    let tries = 0;
    const { api, sleeps } = setup({ 'GET /v1/events': () => (++tries < 3 ? refusal(503, 'unavailable', 'restarting') : stream.response()) });
    await api.login('', 'lina', 'pw');
    const seen: SyncStatus[] = [];
    const unlisten = await api.onSyncStatus((s) => seen.push(s));
    await until(() => tries === 3);
    expect(seen.map((s) => [s.state, s.reason])).toEqual([
      ['offline', 'restarting'],
      ['offline', 'restarting'],
    ]);
    expect(sleeps[0]).toBeGreaterThanOrEqual(750);
    expect(sleeps[0]).toBeLessThanOrEqual(1250);
    expect(sleeps[1]).toBeGreaterThanOrEqual(1500);
    expect(sleeps[1]).toBeLessThanOrEqual(2500);
    stream.send('event: pull\n\n');
    await until(() => seen.length === 3);
    expect(seen[2]!.state).toBe('idle');
    unlisten();
  });

  it('streams only while signed in and listened to; sync now reads the names again', async () => {
    const { api, server } = setup({ 'GET /v1/events': () => eventStream().response() });
    const seen: SyncStatus[] = [];
    await api.onSyncStatus((s) => seen.push(s));
    await new Promise((r) => setTimeout(r, 0));
    expect(server.calls).toEqual([]);
    expect(await api.syncNow()).toMatchObject({ state: 'idle', last_sync_at: null });
    await api.login('', 'lina', 'pw');
    await until(() => server.count('GET', '/v1/events') === 1);
    expect(await api.syncNow()).toMatchObject({ state: 'idle', last_sync_at: NOW });
    expect(server.count('GET', '/v1/directory')).toBe(2);
    expect(last(seen)).toMatchObject({ state: 'idle', last_sync_at: NOW });
  });
});

describe('the desk’s commands over HTTP', () => {
  it('lists, details and acts on cases as the engine does', async () => {
    const { api, server } = setup({
      'GET /v1/cases': () => json(200, { cases: [aCase], total: 1 }),
      [`GET /v1/cases/${aCase.id}`]: () => json(200, { case: { ...aCase, state: 'accepted' }, photos: [], audit: [{ at: 5, actor: 'd1', action: 'accept_case', from: 'reported', to: 'accepted', detail: {} }] }),
      [`POST /v1/cases/${aCase.id}/actions`]: () => json(200, { ...aCase, state: 'accepted' }),
      'GET /v1/cases/nearby': () => json(200, { cases: [{ case: aCase, distance_m: 12 }] }),
      'GET /v1/kpis': () => json(200, { level: 'grid', from: 0, to: 1, rows: [{ key: G1, name: '一网格', reported: 1, due: 3, closed: 2, closed_on_time: 1, dispatched: 1, handled: 1, first_time: 1, closing_rate: 2 / 3, on_time_rate: null, handling_rate: 1, first_time_rate: 1, response_mean_minutes: 42.5, response_median_minutes: 30 }] }),
    });
    await api.login('', 'lina', 'pw');
    const [queued] = await api.reviewQueue();
    expect(queued).toMatchObject({ id: aCase.id, category_name: '暴露垃圾', assignee_name: '张伟', source: 'hotline', external_ref: 'T-1', pending: false });
    const listed = last(server.calls)!;
    expect(Object.fromEntries(listed.query)).toEqual({ state: 'reported', limit: '500' });
    await api.caseList({ grid: G1, overdue: true });
    expect(Object.fromEntries(last(server.calls)!.query)).toEqual({ area: G1, overdue: 'true', limit: '500' });
    const [overdue] = await api.overdueBoard();
    expect(overdue!.escalation).toBe('none');
    expect(Object.fromEntries(last(server.calls)!.query)).toEqual({ open: 'true', overdue: 'true', limit: '500' });

    const acted = await api.dispatchAct(aCase.id, { action: 'accept' });
    expect(last(server.calls, 2)).toMatchObject({ method: 'POST', path: `/v1/cases/${aCase.id}/actions`, body: { action: 'accept' } });
    expect(acted).toMatchObject({ state: 'accepted', audit: [{ actor_name: '李娜', action: 'accept_case' }] });

    const near = await api.nearbyCases(0.5, 0.5, '5101', 0);
    expect(near.map((c) => c.id)).toEqual([aCase.id]);
    expect(Object.fromEntries(last(server.calls)!.query)).toEqual({ lon: '0.5', lat: '0.5', category: '5101', radius_m: '100' });

    const [row] = await api.kpis('community', 10, null);
    expect(row).toMatchObject({ closing_rate: 66.67, handling_rate: 100, on_time_rate: null, response_mean_minutes: 42.5, response_median_minutes: 30, resolution_mean_minutes: null });
    expect(Object.fromEntries(last(server.calls)!.query)).toEqual({ level: 'community', from: '10' });
    await api.kpis('category', 10, 20);
    expect(Object.fromEntries(last(server.calls)!.query)).toEqual({ level: 'category', from: '10', to: '20' });
  });

  it('answers names, workers, grids and places from the directory', async () => {
    const { api } = setup();
    await api.login('', 'lina', 'pw');
    expect((await api.categories()).map((c) => c.major_code)).toEqual(['51']);
    expect((await api.workers({ grid: G1 })).map((w) => w.name)).toEqual(['张伟']);
    expect((await api.myGrids()).map((g) => g.code)).toEqual([G1]);
    expect(await api.locate(0.5, 0.5)).toEqual({ grid: G1, distance_m: 0 });
    expect((await api.enrollablePeople()).map((p) => p.username)).toEqual(['zw']);
    expect((await api.adminCategories())[0]).toMatchObject({ code: '5101', routing: 'community_queue' });
  });

  it('reads a grid’s buildings from the server for the desk’s map', async () => {
    const { api, server } = setup({
      'GET /v1/buildings': () => json(200, [{ code: `${G1}-001`, grid: G1, name: '1号楼', lon: 1, lat: 2, units: ['1', '2'] }, { code: `${G1}-002`, grid: G1, name: '2号楼', lon: 3, lat: 4 }]),
    });
    await api.login('', 'lina', 'pw');
    expect(await api.buildings(G1)).toEqual([
      { code: `${G1}-001`, name: '1号楼', lon: 1, lat: 2, units: ['1', '2'] },
      { code: `${G1}-002`, name: '2号楼', lon: 3, lat: 4, units: [] },
    ]);
    expect(last(server.calls)).toMatchObject({ method: 'GET', path: '/v1/buildings' });
  });

  it('refuses the phone app’s field work in words', async () => {
    const { api } = setup();
    await api.login('', 'lina', 'pw');
    for (const p of [api.tasks(), api.myReports(), api.patrolCurrent(), api.enroll('wangge://enroll?code=x'), api.preparePhotoBytes(new Uint8Array([1]), 'a.jpg')]) {
      const e = await p.catch((x: unknown) => x);
      expect(e).toMatchObject({ code: 'not_in_browser' });
      expect(errorMessage(e, translator('zh'))).toBe('这项功能只在网格通 App 中提供（网页版没有外业功能）');
    }
  });

  it('shows photos from the server, checked against their hash, one address each until sign-out', async () => {
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 1, 2, 3]);
    const good = await sha256(jpeg);
    const bad = 'f'.repeat(64);
    const missing = 'e'.repeat(64);
    const { api, server, revoked } = setup({
      [`GET /v1/blobs/${good}`]: () => new Response(jpeg),
      [`GET /v1/blobs/${bad}`]: () => new Response(jpeg),
      [`GET /v1/blobs/${missing}`]: () => refusal(404, 'not_found'),
    });
    await api.login('', 'lina', 'pw');
    const url = await api.photoDataUrl(good, true);
    expect(url).toMatch(/^blob:/);
    expect(await api.photoDataUrl(good, false)).toBe(url);
    expect(server.count('GET', `/v1/blobs/${good}`)).toBe(1);
    expect(await refusedCode(api.photoDataUrl(bad, true))).toBe('blob_mismatch');
    expect(await refusedCode(api.photoDataUrl(missing, true))).toBe('not_found');
    await api.logout();
    expect(revoked).toEqual([url]);
  });

  it('prints placards into a PDF named as the engine names it, and exports under the server’s name', async () => {
    const pdf = '%PDF-1.7\n1 0 obj <</Type /Pages>>\n2 0 obj <</Type /Page>>\n3 0 obj <</Type /Page>>';
    const { api, server, saved, transport } = setup({
      'POST /v1/placards/print': () => new Response(pdf, { headers: { 'content-type': 'application/pdf' } }),
      'GET /v1/exports/cases/csv': () => new Response('id\n1\n', { headers: { 'content-type': 'text/csv', 'content-disposition': 'attachment; filename="cases-20260101-0900.csv"' } }),
      'GET /v1/exports/assessment': () => new Response('xlsx', { headers: {} }),
    });
    await api.login('', 'lina', 'pw');
    await api.printPlacards(' 130302001001 ', 'stale', 'a4', ['ignored']);
    expect(last(server.calls)!.body).toEqual({ community: '130302001001', which: 'stale', entrances: [], size: 'a4' });
    // 15:06:40 UTC is 23:06:40 in Beijing, the default when the window does not say.
    const print = { community: '130302001001', which: 'listed', entrances: [' b1/1 '], size: null };
    const printed = await transport.invoke('print_placards', { print, utcOffsetMin: null });
    expect(printed).toEqual({ path: '公示牌-130302001001-选定-20250615-230640.pdf', pages: 2, bytes: pdf.length });
    expect(last(server.calls)!.body).toEqual({ community: '130302001001', which: 'listed', entrances: ['b1/1'], size: null });
    expect(last(saved)).toMatchObject({ name: '公示牌-130302001001-选定-20250615-230640.pdf', type: 'application/pdf' });
    expect((await transport.invoke<{ path: string }>('print_placards', { print, utcOffsetMin: 0 })).path).toBe('公示牌-130302001001-选定-20250615-150640.pdf');

    expect(await api.exportCases('csv', { overdue: true })).toEqual({ path: 'cases-20260101-0900.csv', bytes: 5 });
    expect(Object.fromEntries(last(server.calls)!.query)).toEqual({ overdue: 'true' });
    expect(last(saved)).toMatchObject({ name: 'cases-20260101-0900.csv', type: 'text/csv' });
    expect((await api.exportAssessment(1, 2)).path).toBe('assessment.xlsx');
    expect(Object.fromEntries(last(server.calls)!.query)).toEqual({ from: '1', to: '2' });
  });

  it('sends an import file with its arguments; a refused file answers with its problems', async () => {
    const report = { kind: 'people', dry_run: true, applied: false, created: 0, updated: 0, unchanged: 0, problems: [{ sheet: 'people', row: 2, column: 'role', reason: '未知角色' }] };
    const { api, server } = setup({ 'POST /v1/admin/import/people': () => json(422, report) });
    await api.login('', 'lina', 'pw');
    const got = await api.adminImport({ kind: 'people', dry_run: true, file_name: '人员.csv', gcj02: true, code_property: null }, new Uint8Array([1, 2, 3]));
    expect(got).toMatchObject({ applied: false, retired: 0, moved: 0, problems: [{ row: 2, column: 'role', reason_en: '' }] });
    const sent = last(server.calls)!;
    expect(Object.fromEntries(sent.query)).toEqual({ dry_run: 'true', file_name: '人员.csv', gcj02: 'false' });
    expect(sent.headers['content-type']).toBe('application/octet-stream');
    expect(Array.from(sent.body as Uint8Array)).toEqual([1, 2, 3]);
  });

  it('administrators’ changes go out as the engine sends them, and the names are read again', async () => {
    const adminPerson = { id: 'w1', username: 'zw', name: '张伟', role: 'full_time_grid_worker', scope: { level: 'grids', code: [G1] }, phone: null, active: false, devices: 0 };
    const { api, server } = setup({
      'POST /v1/admin/people/zw/deactivate': () => json(200, adminPerson),
      'POST /v1/devices/6f1c2a4e-8d4b-4f7e-9a51-0c3a2b1d9e70/revoke': () => new Response(null, { status: 204 }),
      'GET /v1/devices': () => json(200, [{ id: 'x', person_id: 'w1', username: 'zw', name: '浏览器', created_at: 1, last_seen_at: null, revoked_at: null, last_mid: 0 }]),
    });
    await api.login('', 'lina', 'pw');
    expect(await api.adminDeactivate('zw', '  ')).toEqual(adminPerson);
    expect(last(server.calls)!.body).toEqual({ reason: null });
    expect(await api.adminRevokeDevice('6F1C2A4E-8D4B-4F7E-9A51-0C3A2B1D9E70', '丢失')).toBeNull();
    expect(last(server.calls)!.body).toEqual({ reason: '丢失' });
    expect(await api.adminDevices()).toEqual([{ id: 'x', person_id: 'w1', username: 'zw', person_name: '张伟', name: '浏览器', created_at: 1, last_seen_at: null, revoked_at: null }]);
    expect(server.count('GET', '/v1/directory')).toBe(2);
  });
});
