// DEV ONLY: an in-browser stand-in for the device engine, loaded only when VITE_FAKE_API=1, for
// designing screens without the Rust side. Production builds never include this module.
// Query parameters: `?fake=worker|reporter|dispatcher|none`, `&offline=1`, `&lang=en` (read in main.ts).

import type { Transport } from './transport';
import type {
  Building,
  CaseDetail,
  CaseSummary,
  Category,
  GridInfo,
  KpiRow,
  Me,
  Patrol,
  PhotoRef,
  Role,
  SyncStatus,
  Worker,
} from './types';

const now = () => Date.now();
const H = 3_600_000;

function gridPolygon(i: number, j: number): GridInfo['geometry'] {
  const lon0 = 119.598 + i * 0.0045;
  const lat0 = 39.934 + j * 0.0035;
  const w = 0.0045;
  const h = 0.0035;
  const jig = (k: number) => ((k * 7919) % 13) / 13 * 0.0006 - 0.0003;
  return {
    type: 'Polygon',
    coordinates: [[
      [lon0 + jig(i + j), lat0],
      [lon0 + w * 0.5, lat0 + jig(i * 3 + j)],
      [lon0 + w, lat0 + jig(i + 2 * j)],
      [lon0 + w + jig(i + j + 5), lat0 + h * 0.5],
      [lon0 + w, lat0 + h],
      [lon0 + w * 0.5, lat0 + h + jig(i + j + 2)],
      [lon0 + jig(j), lat0 + h],
      [lon0, lat0 + h * 0.5],
      [lon0 + jig(i + j), lat0],
    ]],
  };
}

const GRIDS: GridInfo[] = [];
for (let i = 0; i < 3; i++)
  for (let j = 0; j < 3; j++)
    GRIDS.push({
      code: `130303005011${String(i * 3 + j + 1).padStart(3, '0')}`,
      name: `人民里社区第${i * 3 + j + 1}网格`,
      community: '人民里社区',
      geometry: gridPolygon(i, j),
    });
const MY_GRID = GRIDS[4]!;

function centre(g: GridInfo) {
  const ring = (g.geometry as { coordinates: [number, number][][] }).coordinates[0]!;
  const lons = ring.map((p) => p[0]);
  const lats = ring.map((p) => p[1]);
  return { lon: (Math.min(...lons) + Math.max(...lons)) / 2, lat: (Math.min(...lats) + Math.max(...lats)) / 2 };
}
const C = centre(MY_GRID);

const BUILDINGS: Building[] = Array.from({ length: 8 }, (_, k) => ({
  code: `${MY_GRID.code}-B${k + 1}`,
  name: `文化路${12 + k * 2}号 ${k + 1}号楼`,
  lon: C.lon - 0.0015 + (k % 4) * 0.001,
  lat: C.lat - 0.0008 + Math.floor(k / 4) * 0.0015,
  units: Array.from({ length: 2 + (k % 3) }, (_, u) => `${u + 1}单元`),
}));

const CATEGORIES: Category[] = [
  ['event', '01', '市容环境', '0101', '暴露垃圾', 'Exposed garbage'],
  ['event', '01', '市容环境', '0102', '积存垃圾渣土', 'Accumulated waste and muck'],
  ['event', '01', '市容环境', '0103', '道路不洁', 'Dirty road'],
  ['event', '01', '市容环境', '0104', '乱堆物堆料', 'Illegal stacking of materials'],
  ['event', '02', '宣传广告', '0201', '非法小广告', 'Illegal flyers'],
  ['event', '02', '宣传广告', '0202', '违章张贴悬挂', 'Illegal posters and banners'],
  ['event', '03', '施工管理', '0301', '施工扰民', 'Construction noise'],
  ['event', '03', '施工管理', '0302', '施工占道', 'Construction blocking the road'],
  ['event', '04', '突发事件', '0401', '路面塌陷', 'Road collapse'],
  ['event', '04', '突发事件', '0402', '自来水管破裂', 'Burst water main'],
  ['event', '05', '街面秩序', '0501', '无照经营游商', 'Unlicensed street vendor'],
  ['event', '05', '街面秩序', '0502', '店外经营', 'Business spilling onto pavement'],
  ['event', '05', '街面秩序', '0503', '机动车乱停放', 'Illegally parked car'],
  ['component', '01', '公用设施', '0101', '井盖破损', 'Damaged manhole cover'],
  ['component', '01', '公用设施', '0102', '消防栓', 'Fire hydrant'],
  ['component', '02', '道路交通', '0201', '路灯损坏', 'Broken street light'],
  ['component', '02', '道路交通', '0202', '交通护栏', 'Traffic barrier'],
  ['component', '03', '市容环境', '0301', '垃圾箱', 'Litter bin'],
  ['component', '04', '园林绿化', '0401', '行道树', 'Street tree'],
  ['component', '04', '园林绿化', '0402', '绿地破坏', 'Damaged green space'],
  ['component', '05', '房屋土地', '0501', '违章建筑', 'Illegal building'],
  ['component', '06', '其他设施', '0601', '健身设施', 'Fitness equipment'],
].map(([kind, mc, mn, code, zh, en]) => ({
  code: `${kind === 'event' ? 'E' : 'C'}${code}`,
  kind: kind as Category['kind'],
  major_code: `${kind === 'event' ? 'E' : 'C'}${mc}`,
  major_name_zh: mn!,
  name_zh: zh!,
  name_en: en!,
}));

const PHOTO_COLOURS = ['#8a9a5b', '#6b7b8c', '#a0785a', '#5f8575', '#9c8aa5', '#b5a642'];
function fakePhoto(label: string, k: number): string {
  const c = PHOTO_COLOURS[k % PHOTO_COLOURS.length];
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="240"><rect width="320" height="240" fill="${c}"/><rect x="40" y="120" width="240" height="90" fill="rgba(0,0,0,.18)"/><circle cx="250" cy="60" r="28" fill="rgba(255,255,255,.35)"/><text x="20" y="40" font-size="22" fill="#fff" font-family="sans-serif">${label}</text></svg>`;
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

const photos = new Map<string, string>();
function addPhoto(label: string): string {
  const sha = (Math.random().toString(16).slice(2) + '0'.repeat(64)).slice(0, 64);
  photos.set(sha, fakePhoto(label, photos.size));
  return sha;
}

let seq = 1000;
function mkCase(over: Partial<CaseDetail> & { category: string }): CaseDetail {
  const cat = CATEGORIES.find((c) => c.code === over.category)!;
  const id = over.id ?? `HG-2026-${++seq}`;
  return {
    id,
    state: 'reported',
    category_name: cat.name_zh,
    description: '',
    grid: MY_GRID.code,
    lon: C.lon,
    lat: C.lat,
    reported_at: now() - 3 * H,
    due_at: null,
    overdue: false,
    assignee_name: null,
    pending: false,
    photos: [addPhoto(cat.name_zh)],
    audit: [{ at: now() - 3 * H, actor_name: '王丽', action: 'report', from: null, to: 'reported' }],
    evidence: [],
    conflict: null,
    ...over,
  };
}

const cases: CaseDetail[] = [
  mkCase({ category: 'C0101', state: 'dispatched', description: '文化路14号楼北侧井盖破损，有行人绊倒风险', due_at: now() - 2.5 * H, overdue: true, assignee_name: '王丽', lon: C.lon - 0.0009, lat: C.lat + 0.0004, escalation: 'community' }),
  mkCase({ category: 'E0101', state: 'in_progress', description: '小区东门垃圾桶满溢，周边有散落垃圾', due_at: now() + 1.2 * H, assignee_name: '王丽', lon: C.lon + 0.0011, lat: C.lat - 0.0003 }),
  mkCase({ category: 'C0201', state: 'dispatched', description: '3号楼前路灯夜间不亮', due_at: now() + 26 * H, assignee_name: '王丽', lon: C.lon + 0.0002, lat: C.lat + 0.0009 }),
  mkCase({ category: 'E0503', state: 'dispatched', description: '消防通道被私家车占用', due_at: now() + 5 * H, assignee_name: '王丽', lon: C.lon - 0.0016, lat: C.lat - 0.0007 }),
  mkCase({ category: 'E0201', state: 'reported', description: '单元门口张贴大量小广告', reported_at: now() - 40 * 60_000, lon: C.lon + 0.0006, lat: C.lat + 0.0002 }),
  mkCase({ category: 'E0104', state: 'reported', description: '楼道内堆放杂物，影响通行', reported_at: now() - 15 * 60_000, lon: C.lon - 0.0004, lat: C.lat - 0.0010 }),
  mkCase({ category: 'C0101', state: 'reported', description: '井盖松动，车辆经过有响声', reported_at: now() - 8 * 60_000, lon: C.lon - 0.0008, lat: C.lat + 0.0005 }),
  mkCase({ category: 'E0104', state: 'accepted', description: '绿化带内堆放建筑垃圾', reported_at: now() - 2 * H, lon: C.lon + 0.0014, lat: C.lat + 0.0008 }),
  mkCase({ category: 'C0401', state: 'resolved', description: '行道树枝干折断悬挂', assignee_name: '王丽', due_at: now() + 3 * H, lon: C.lon - 0.0002, lat: C.lat - 0.0004 }),
  mkCase({ category: 'E0502', state: 'dispatched', description: '餐馆店外摆桌经营', grid: GRIDS[1]!.code, assignee_name: '赵强', due_at: now() - 30 * H, overdue: true, escalation: 'street', lon: C.lon - 0.004, lat: C.lat - 0.003 }),
  mkCase({ category: 'E0301', state: 'dispatched', description: '夜间施工噪声扰民', grid: GRIDS[7]!.code, assignee_name: '李娜', due_at: now() - 80 * H, overdue: true, escalation: 'district', lon: C.lon + 0.004, lat: C.lat + 0.002 }),
];
cases[8]!.evidence = [{ sha256: addPhoto('处置后'), note: '已锯除断枝并清运' }];
cases[8]!.audit.push(
  { at: now() - 2 * H, actor_name: '张敏', action: 'dispatch', from: 'accepted', to: 'dispatched' },
  { at: now() - 1 * H, actor_name: '王丽', action: 'resolve', from: 'dispatched', to: 'resolved' },
);

const WORKERS: Worker[] = [
  { person_id: 'p-wangli', name: '王丽', role: 'full_time_grid_worker', grids: [MY_GRID.code] },
  { person_id: 'p-zhaoqiang', name: '赵强', role: 'full_time_grid_worker', grids: [GRIDS[1]!.code, MY_GRID.code] },
  { person_id: 'p-lina', name: '李娜', role: 'part_time_grid_worker', grids: [GRIDS[7]!.code] },
];

const params = typeof location !== 'undefined' ? new URLSearchParams(location.search) : new URLSearchParams();
const who = params.get('fake') ?? 'none';
const offline = params.get('offline') === '1';

function person(role: Role, name: string, username: string): Me {
  return {
    person_id: `p-${username}`,
    name,
    role,
    username,
    server: 'https://wangge.haigang.example',
    device_id: 'dev-7f3a21',
    grids: role.endsWith('dispatcher') ? GRIDS : [MY_GRID],
    community: '人民里社区',
    street: '文化路街道',
  };
}

let me: Me | null =
  who === 'worker' ? person('full_time_grid_worker', '王丽', 'wangli')
  : who === 'reporter' ? person('information_reporter', '刘洋', 'liuyang')
  : who === 'dispatcher' ? person('community_dispatcher', '张敏', 'zhangmin')
  : null;

const outbox: { name: string; photos: number; bytes: number }[] = offline
  ? [{ name: 'capture_report', photos: 2, bytes: 612_000 }, { name: 'task_act', photos: 1, bytes: 301_000 }]
  : [];

let status: SyncStatus = {
  state: offline ? 'offline' : 'idle',
  reason: null,
  queued: outbox.length,
  queued_photos: outbox.reduce((a, o) => a + o.photos, 0),
  queued_bytes: outbox.reduce((a, o) => a + o.bytes, 0),
  progress: null,
  last_sync_at: now() - (offline ? 47 : 3) * 60_000,
  rejected: offline ? [{ mid: 12, name: 'task_act', reason: '案件已由他人处置完成', at: now() - 50 * 60_000 }] : [],
};

const listeners = new Set<(s: SyncStatus) => void>();
function setStatus(s: SyncStatus) {
  status = s;
  for (const l of listeners) l(structuredClone(s));
}
function enqueue(name: string, nPhotos: number) {
  outbox.push({ name, photos: nPhotos, bytes: nPhotos * 300_000 });
  setStatus({
    ...status,
    queued: outbox.length,
    queued_photos: outbox.reduce((a, o) => a + o.photos, 0),
    queued_bytes: outbox.reduce((a, o) => a + o.bytes, 0),
  });
  if (!offline) setTimeout(runSync, 600);
}
function runSync() {
  if (offline) {
    setStatus({ ...status, state: 'offline' });
    return;
  }
  if (status.state === 'syncing') return;
  const total = outbox.length;
  const bytesTotal = outbox.reduce((a, o) => a + o.bytes, 0);
  let done = 0;
  const step = () => {
    if (done >= total) {
      outbox.length = 0;
      for (const c of cases) c.pending = false;
      setStatus({ ...status, state: 'idle', progress: null, queued: 0, queued_photos: 0, queued_bytes: 0, last_sync_at: now() });
      return;
    }
    done++;
    const bytesDone = outbox.slice(0, done).reduce((a, o) => a + o.bytes, 0);
    setStatus({ ...status, state: 'syncing', progress: { items_done: done, items_total: total, bytes_done: bytesDone, bytes_total: bytesTotal } });
    setTimeout(step, 700);
  };
  setStatus({ ...status, state: 'syncing', progress: { items_done: 0, items_total: total, bytes_done: 0, bytes_total: bytesTotal } });
  setTimeout(step, 500);
}

function summary(c: CaseDetail): CaseSummary {
  const { audit: _a, evidence: _e, conflict: _c, ...s } = c;
  return structuredClone({ ...s, overdue: c.due_at !== null && c.due_at < now() && !['closed', 'resolved', 'verified'].includes(c.state) });
}

function fail(code: string, message: string): never {
  throw { code, message };
}

function find(id: unknown): CaseDetail {
  return cases.find((c) => c.id === id) ?? fail('not_found', `没有案件 ${String(id)}`);
}

let patrol: Patrol | null = offline
  ? null
  : { id: 'pt-1', grid: MY_GRID.code, started_at: now() - 50 * 60_000, ended_at: null, visits: [
      { building: BUILDINGS[0]!.code, unit: '1单元', at: now() - 40 * 60_000, lon: BUILDINGS[0]!.lon, lat: BUILDINGS[0]!.lat, note: null },
      { building: BUILDINGS[1]!.code, unit: null, at: now() - 25 * 60_000, lon: BUILDINGS[1]!.lon, lat: BUILDINGS[1]!.lat, note: null },
      { building: BUILDINGS[2]!.code, unit: '2单元', at: now() - 10 * 60_000, lon: BUILDINGS[2]!.lon, lat: BUILDINGS[2]!.lat, note: null },
    ], coverage: { buildings_total: BUILDINGS.length, buildings_visited: 3 } };

function coverage(p: Patrol): Patrol {
  const visited = new Set(p.visits.map((v) => v.building)).size;
  p.coverage = { buildings_total: BUILDINGS.length, buildings_visited: visited };
  return structuredClone(p);
}

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

function pointInRing(lon: number, lat: number, ring: [number, number][]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

type Args = Record<string, unknown>;
const handlers: Record<string, (a: Args) => unknown> = {
  login: (a) => {
    if (offline) fail('network', '无法连接服务器 https://wangge.haigang.example');
    if (a.password !== 'demo') fail('unauthorized', 'wrong username or password');
    const u = String(a.username);
    me = u.startsWith('disp') || u === 'zhangmin' ? person('community_dispatcher', '张敏', u) : person('full_time_grid_worker', '王丽', u);
    return me;
  },
  logout: () => { me = null; return null; },
  me: () => me,
  sync_status: () => status,
  sync_now: () => { setTimeout(runSync, 10); return status; },
  categories: () => CATEGORIES,
  my_grids: () => me?.grids ?? [],
  buildings: (a) => (a.grid === MY_GRID.code ? BUILDINGS : []),
  locate: (a) => {
    const lon = Number(a.lon), lat = Number(a.lat);
    const g = GRIDS.find((g) => pointInRing(lon, lat, (g.geometry as { coordinates: [number, number][][] }).coordinates[0]!));
    return g ? { grid: g.code, distance_m: 0 } : { grid: null, distance_m: 120 };
  },
  prepare_photo_bytes: (a) => {
    const bytes = Number(a.size);
    const sha = addPhoto(String(a.name).slice(0, 12));
    return { sha256: sha, width: 1600, height: 1200, bytes: Math.min(bytes, 400_000), thumb_data_url: photos.get(sha)! } satisfies PhotoRef;
  },
  nearby_cases: (a) => cases.filter((c) => c.category === a.category && Math.abs(c.lon - Number(a.lon)) < 0.002 && Math.abs(c.lat - Number(a.lat)) < 0.002 && c.state !== 'closed').map(summary),
  capture_report: (a) => {
    const r = a.report as { category: string; description: string; lon: number; lat: number; photos: string[]; self_resolved: boolean };
    const c = mkCase({ category: r.category, description: r.description, lon: r.lon, lat: r.lat, photos: r.photos, reported_at: now(), pending: true, state: r.self_resolved ? 'resolved' : 'reported' });
    cases.unshift(c);
    enqueue('capture_report', r.photos.length);
    return summary(c);
  },
  my_reports: () => cases.filter((c) => c.audit[0]?.actor_name === me?.name).map(summary),
  tasks: () => cases.filter((c) => c.assignee_name === me?.name && ['dispatched', 'in_progress'].includes(c.state)).map(summary),
  case_detail: (a) => structuredClone(find(a.id)),
  case_detail_online: (a) => structuredClone(find(a.id)),
  task_act: (a) => {
    const c = find(a.id);
    // The domain's state machine: acknowledging keeps the state; a returned task is accepted again.
    const next: Record<string, string> = { start: 'in_progress', resolve: 'resolved', return: 'accepted' };
    const from = c.state;
    c.state = next[String(a.action)] ?? c.state;
    if (a.action === 'return') c.assignee_name = null;
    c.pending = true;
    const photosIn = (a.photos as string[]) ?? [];
    for (const p of photosIn) c.evidence.push({ sha256: p, note: (a.note as string) ?? '' });
    c.audit.push({ at: now(), actor_name: me?.name ?? null, action: a.action === 'acknowledge' ? 'acknowledge_task' : String(a.action), from, to: c.state });
    enqueue('task_act', photosIn.length);
    return summary(c);
  },
  photo_data_url: (a) => photos.get(String(a.sha256)) ?? fakePhoto('?', 0),
  patrol_start: (a) => (patrol = coverage({ id: `pt-${now()}`, grid: String(a.grid), started_at: now(), ended_at: null, visits: [], coverage: { buildings_total: 0, buildings_visited: 0 } })),
  patrol_checkin: (a) => {
    if (!patrol) fail('no_patrol', '没有进行中的巡查');
    patrol.visits.push({ building: String(a.building), unit: (a.unit as string) ?? null, at: now(), lon: Number(a.lon), lat: Number(a.lat), note: null });
    enqueue('patrol_checkin', 0);
    return coverage(patrol);
  },
  patrol_end: () => {
    if (!patrol) fail('no_patrol', '没有进行中的巡查');
    patrol.ended_at = now();
    const p = coverage(patrol);
    patrol = null;
    return p;
  },
  patrol_current: () => (patrol ? coverage(patrol) : null),
  review_queue: () => { if (offline) fail('offline', 'needs network'); return cases.filter((c) => c.state === 'reported').map(summary); },
  case_list: (a) => {
    const f = a.filter as { state?: string };
    return cases.filter((c) => !f.state || c.state === f.state).map(summary);
  },
  dispatch_act: (a) => {
    const c = find(a.id);
    const act = String(a.action);
    if (act === 'reject' && !a.reason) fail('invalid', '不予立案需要填写原因');
    const next: Record<string, string> = { accept: 'accepted', reject: 'rejected', merge: 'rejected', dispatch: 'dispatched', close: 'closed', reopen: c.state === 'rejected' ? 'reported' : 'accepted', reassign: 'dispatched' };
    const from = c.state;
    if (act === 'verify') c.state = a.passed ? 'verified' : c.assignee_name ? 'dispatched' : 'accepted';
    else c.state = next[act] ?? c.state;
    if (act === 'dispatch' || act === 'reassign') {
      c.assignee_name = WORKERS.find((w) => w.person_id === a.assignee)?.name ?? null;
      c.due_at = Number(a.deadline);
    }
    c.audit.push({ at: now(), actor_name: me?.name ?? null, action: act === 'accept' ? 'accept_case' : act === 'merge' ? 'reject' : act, from, to: c.state });
    return structuredClone(c);
  },
  workers: (a) => WORKERS.filter((w) => !a.grid || w.grids.includes(String(a.grid))),
  overdue_board: () => cases.filter((c) => c.due_at !== null && c.due_at < now() && !['closed', 'resolved', 'verified'].includes(c.state)).map((c) => ({ ...summary(c), escalation: c.escalation ?? 'none' })),
  kpis: (a) => {
    const names: Record<string, string[]> = {
      grid: GRIDS.map((g) => g.name),
      community: ['人民里社区', '文化里社区', '东环里社区', '建国里社区', '西港路社区', '海阳社区'],
      street: ['文化路街道', '海滨路街道', '东环路街道', '西港镇', '建设大街街道'],
      worker: WORKERS.map((w) => w.name),
    };
    return (names[String(a.groupBy)] ?? []).map((name, k): KpiRow => {
      const due = 40 + ((k * 37) % 60);
      const closed = Math.round(due * (0.82 + ((k * 13) % 17) / 100));
      const onTime = Math.round(closed * (0.7 + ((k * 7) % 25) / 100));
      return { key: String(k), name, due, closed, closed_on_time: onTime, dispatched: due, handled: closed + 1, closing_rate: (100 * closed) / due, on_time_rate: (100 * onTime) / due, handling_rate: Math.min(100, (100 * (closed + 1)) / due), first_time_rate: 78 + ((k * 11) % 20), mean_response_min: 22 + ((k * 19) % 40) };
    });
  },
};

export function fakeTransport(): Transport {
  return {
    async invoke<T>(cmd: string, args?: Args): Promise<T> {
      await delay(cmd === 'login' ? 400 : 60);
      const h = handlers[cmd];
      if (!h) fail('unknown_command', `fake has no command ${cmd}`);
      return structuredClone(h(args ?? {})) as T;
    },
    async invokeBytes<T>(cmd: string, bytes: Uint8Array, headers: Record<string, string>): Promise<T> {
      return this.invoke<T>(cmd, { size: bytes.length, name: decodeURIComponent(headers['x-photo-name'] ?? '') });
    },
    async listen<T>(event: string, handler: (payload: T) => void) {
      if (event !== 'sync://status') return () => {};
      const l = handler as unknown as (s: SyncStatus) => void;
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}
