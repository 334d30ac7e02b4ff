import { describe, expect, it } from 'vitest';
import { ApiError, createApi, parseBuildingCode, toApiError, type Transport } from './index';
import { errorMessage } from '../i18n/errorMessage';
import { translator } from '../i18n/dictionary';

describe('toApiError', () => {
  it('keeps the engine’s {code, message}', () => {
    const e = toApiError({ code: 'invalid_transition', message: 'case is closed' });
    expect(e).toBeInstanceOf(ApiError);
    expect([e.code, e.message]).toEqual(['invalid_transition', 'case is closed']);
  });
  it('uses the code as message when the message is missing', () => {
    expect(toApiError({ code: 'offline' }).message).toBe('offline');
  });
  it('parses a JSON-encoded error string', () => {
    const e = toApiError('{"code":"unauthorized","message":"bad password"}');
    expect([e.code, e.message]).toEqual(['unauthorized', 'bad password']);
  });
  it('turns a plain string into an unknown error carrying it', () => {
    const e = toApiError('disk full');
    expect([e.code, e.message]).toEqual(['unknown', 'disk full']);
    expect(toApiError('{not json').message).toBe('{not json');
  });
  it('calls a thrown JS Error an IPC failure', () => {
    const e = toApiError(new TypeError("Cannot read properties of undefined (reading 'invoke')"));
    expect(e.code).toBe('ipc');
    expect(e.message).toContain('invoke');
  });
  it('handles null, numbers and objects without a code', () => {
    expect(toApiError(null).code).toBe('unknown');
    expect(toApiError(42).message).toBe('42');
    expect(toApiError({ message: 'x' })).toMatchObject({ code: 'unknown', message: 'x' });
  });
  it('returns an ApiError unchanged', () => {
    const e = new ApiError('a', 'b');
    expect(toApiError(e)).toBe(e);
  });
});

describe('errorMessage', () => {
  it('translates known codes and shows the engine’s message otherwise', () => {
    expect(errorMessage({ code: 'unauthorized', message: 'x' }, translator('zh'))).toBe('用户名或密码不正确');
    expect(errorMessage({ code: 'network', message: 'x' }, translator('en'))).toBe('Cannot reach the server');
    expect(errorMessage({ code: 'invalid_transition', message: 'case already closed' }, translator('en'))).toBe('case already closed');
  });
  it('says what went wrong with an enrollment code, in both languages', () => {
    const zh = translator('zh');
    const en = translator('en');
    for (const code of ['enrollment_used', 'enrollment_expired', 'enrollment_unknown', 'device_revoked', 'person_deactivated', 'no_qr_code', 'not_enrollment_code']) {
      const m = errorMessage({ code, message: 'engine text' }, zh);
      expect(m, code).not.toBe('engine text');
      expect(errorMessage({ code, message: 'engine text' }, en), code).not.toBe(m);
    }
    expect(errorMessage({ code: 'enrollment_used', message: 'x' }, zh)).toBe('此登记码已被使用过，请向管理员索取新的二维码');
    expect(errorMessage({ code: 'no_qr_code', message: 'x' }, en)).toBe('No QR code could be read in this picture');
  });
});

function recorder(reply: (cmd: string, args?: Record<string, unknown>) => unknown) {
  const calls: { cmd: string; args?: Record<string, unknown>; body?: number[]; headers?: Record<string, string> }[] = [];
  const transport: Transport = {
    async invoke<T>(cmd: string, args?: Record<string, unknown>) {
      calls.push({ cmd, args });
      return reply(cmd, args) as T;
    },
    async invokeBytes<T>(cmd: string, bytes: Uint8Array, headers: Record<string, string>) {
      calls.push({ cmd, body: Array.from(bytes), headers });
      return reply(cmd) as T;
    },
    async listen() {
      return () => {};
    },
  };
  return { calls, api: createApi(async () => transport) };
}

describe('createApi', () => {
  it('sends the documented command names and argument keys', async () => {
    const { calls, api } = recorder(() => null);
    await api.login('https://s', 'wangli', 'pw');
    await api.enroll('wangge://enroll?server=https%3A%2F%2Fs&code=abc');
    await api.enroll('abc', 'https://s');
    await api.enrollFromImage(new Uint8Array([137, 80]));
    await api.enrollFromImage(new Uint8Array([137]), 'https://网格.cn');
    await api.sessionEndedReason();
    await api.nearbyCases(119.6, 39.93, 'C0101', 100);
    await api.taskAct('HG-1', 'resolve', { note: 'done', photos: ['abc'] });
    await api.dispatchAct('HG-2', { action: 'merge', into: 'HG-1' });
    await api.patrolCheckin('B-1', null, 119.6, 39.93, null);
    await api.patrolCheckin('B-1', '东', 119.6, 39.93, null, true);
    await api.kpis('street');
    await api.placards('130302001001');
    await api.caseList({ state: 'resolved' });
    await api.preparePhotoBytes(new Uint8Array([1, 2, 255]), '井盖 1.jpg');
    await api.adminImport({ kind: 'grids', dry_run: true, file_name: '网格.geojson', gcj02: true, code_property: null }, new Uint8Array([123, 125]));
    await api.adminPeople({ q: '张', role: 'full_time_grid_worker' });
    await api.adminDeactivate('w1', '离职');
    await api.adminEnroll('w1');
    await api.adminAudit(42, 50);
    await api.enrollablePeople();
    expect(calls).toEqual([
      { cmd: 'login', args: { server: 'https://s', username: 'wangli', password: 'pw' } },
      { cmd: 'enroll', args: { code: 'wangge://enroll?server=https%3A%2F%2Fs&code=abc', server: null } },
      { cmd: 'enroll', args: { code: 'abc', server: 'https://s' } },
      { cmd: 'enroll_from_image', body: [137, 80], headers: {} },
      { cmd: 'enroll_from_image', body: [137], headers: { 'x-enroll-server': 'https%3A%2F%2F%E7%BD%91%E6%A0%BC.cn' } },
      { cmd: 'session_ended_reason', args: undefined },
      { cmd: 'nearby_cases', args: { query: { lon: 119.6, lat: 39.93, category: 'C0101', radius_m: 100 } } },
      { cmd: 'task_act', args: { act: { id: 'HG-1', action: 'resolve', note: 'done', photos: ['abc'], reason: null } } },
      { cmd: 'dispatch_act', args: { id: 'HG-2', action: { action: 'merge', into: 'HG-1' } } },
      { cmd: 'patrol_checkin', args: { checkin: { building: 'B-1', unit: null, lon: 119.6, lat: 39.93, note: null, placard_posted: false } } },
      { cmd: 'patrol_checkin', args: { checkin: { building: 'B-1', unit: '东', lon: 119.6, lat: 39.93, note: null, placard_posted: true } } },
      { cmd: 'kpis', args: { groupBy: 'street', from: null, to: null } },
      { cmd: 'placards', args: { community: '130302001001' } },
      { cmd: 'case_list', args: { filter: { state: 'resolved' } } },
      { cmd: 'prepare_photo_bytes', body: [1, 2, 255], headers: { 'x-photo-name': '%E4%BA%95%E7%9B%96%201.jpg' } },
      {
        cmd: 'admin_import',
        body: [123, 125],
        headers: {
          // The same text the shell's test decodes (src-tauri/src/commands.rs).
          'x-import-args':
            '%7B%22kind%22%3A%22grids%22%2C%22dry_run%22%3Atrue%2C%22file_name%22%3A%22%E7%BD%91%E6%A0%BC.geojson%22%2C%22gcj02%22%3Atrue%2C%22code_property%22%3Anull%7D',
        },
      },
      { cmd: 'admin_people', args: { query: { q: '张', role: 'full_time_grid_worker' } } },
      { cmd: 'admin_deactivate', args: { username: 'w1', reason: '离职' } },
      { cmd: 'admin_enroll', args: { username: 'w1', hours: null } },
      { cmd: 'admin_audit', args: { before: 42, limit: 50 } },
      { cmd: 'enrollable_people', args: undefined },
    ]);
  });
  it('prints placards with the window’s offset from UTC for the file’s name', async () => {
    const { calls, api } = recorder(() => ({ path: '/home/w/Downloads/公示牌.pdf', pages: 2, bytes: 10 }));
    expect(await api.printPlacards('130302001001', 'stale', 'a4')).toEqual({ path: '/home/w/Downloads/公示牌.pdf', pages: 2, bytes: 10 });
    await api.printPlacards('130302001001', 'listed', 'a5', ['130302001001001-003/1']);
    expect(calls).toEqual([
      { cmd: 'print_placards', args: { print: { community: '130302001001', which: 'stale', entrances: [], size: 'a4' }, utcOffsetMin: -new Date().getTimezoneOffset() } },
      {
        cmd: 'print_placards',
        args: { print: { community: '130302001001', which: 'listed', entrances: ['130302001001001-003/1'], size: 'a5' }, utcOffsetMin: -new Date().getTimezoneOffset() },
      },
    ]);
  });
  it('passes results through', async () => {
    const { api } = recorder((cmd) => (cmd === 'locate' ? { grid: '130303005011005', distance_m: 0 } : null));
    expect(await api.locate(119.6, 39.93)).toEqual({ grid: '130303005011005', distance_m: 0 });
  });
  it('maps a rejected call to an ApiError with the engine’s code', async () => {
    const { api } = recorder(() => {
      throw { code: 'invalid_transition', message: 'cannot resolve a closed case' };
    });
    await expect(api.taskAct('HG-1', 'resolve')).rejects.toMatchObject({ name: 'ApiError', code: 'invalid_transition', message: 'cannot resolve a closed case' });
  });
  it('maps a missing runtime to an IPC error', async () => {
    const api = createApi(async () => {
      throw new Error('window.__TAURI_INTERNALS__ is undefined');
    });
    await expect(api.me()).rejects.toMatchObject({ code: 'ipc' });
  });
});

describe('parseBuildingCode', () => {
  it('reads a door code: the building, with a unit after / or #', () => {
    expect(parseBuildingCode(' 130302001001001-003 ')).toEqual({ building: '130302001001001-003', unit: null });
    expect(parseBuildingCode('130302001001001-003/1')).toEqual({ building: '130302001001001-003', unit: '1' });
    expect(parseBuildingCode('130302001001001-003#东')).toEqual({ building: '130302001001001-003', unit: '东' });
    expect(parseBuildingCode('')).toBeNull();
    expect(parseBuildingCode('a b')).toBeNull();
    expect(parseBuildingCode('a/b/c')).toBeNull();
  });
  it('reads a placard’s address, percent-decoded, under any path prefix', () => {
    expect(parseBuildingCode('https://wangge.example.cn/e/130302001001001-003')).toEqual({ building: '130302001001001-003', unit: null });
    expect(parseBuildingCode('http://10.0.0.5:8080/e/130302001001001-003/1/')).toEqual({ building: '130302001001001-003', unit: '1' });
    expect(parseBuildingCode('HTTPS://wangge.example.cn/haigang/e/130302001001001-003/%E4%B8%9C?from=qr#x')).toEqual({
      building: '130302001001001-003',
      unit: '东',
    });
    // A unit named e is still a unit.
    expect(parseBuildingCode('https://h/e/130302001001001-003/e')).toEqual({ building: '130302001001001-003', unit: 'e' });
  });
  it('refuses other addresses', () => {
    expect(parseBuildingCode('https://wangge.example.cn/')).toBeNull();
    expect(parseBuildingCode('https://wangge.example.cn/e/')).toBeNull();
    expect(parseBuildingCode('https://wangge.example.cn/v1/placards')).toBeNull();
    expect(parseBuildingCode('https://wangge.example.cn/e/a/b/c')).toBeNull();
    expect(parseBuildingCode('https://wangge.example.cn/e/a/%E4%B8')).toBeNull();
    expect(parseBuildingCode('https://wangge.example.cn/e/a/x%2Fy')).toBeNull();
    expect(parseBuildingCode('https://')).toBeNull();
  });
});
