import { describe, expect, it } from 'vitest';
import type { AdminPersonInfo, ImportReportInfo, PersonInfo } from '../api/types';
import { translator } from '../i18n/dictionary';
import {
  acceptedFiles,
  adminScreens,
  auditActionText,
  communityFilterError,
  fieldErrors,
  importOutcome,
  newPersonInput,
  PERSON_FIELDS,
  personEdit,
  personForm,
  jsonText,
  matchesPerson,
  personRow,
  pngDataUrl,
  problemColumn,
  problemReason,
  problemRow,
  refusalIn,
  scopeText,
  sortedProblems,
} from './admin';

const zh = translator('zh');
const en = translator('en');

const admin: AdminPersonInfo = {
  id: '6f1c2a4e-8d4b-4f7e-9a51-0c3a2b1d9e70',
  username: 'w130302001001001',
  name: '张伟',
  role: 'full_time_grid_worker',
  scope: { level: 'grids', code: ['130302001001001', '130302001001002'] },
  phone: '13800000000',
  active: false,
  devices: 2,
};
const synced: PersonInfo = {
  id: '7f1c2a4e-8d4b-4f7e-9a51-0c3a2b1d9e70',
  username: 'reporter',
  name: '李娜',
  role: 'information_reporter',
  scope: { level: 'community', code: '130302001001' },
  phone: null,
};

function report(over: Partial<ImportReportInfo> = {}): ImportReportInfo {
  return { kind: 'people', dry_run: true, applied: false, created: 3, updated: 1, unchanged: 0, retired: 0, moved: 0, problems: [], ...over };
}

describe('admin screens', () => {
  it('are all the administrator’s, the people alone for community dispatchers, none for others', () => {
    expect(adminScreens('administrator')).toEqual(['people', 'gridmap', 'categories', 'imports', 'devices', 'audit']);
    expect(adminScreens('community_dispatcher')).toEqual(['people']);
    for (const r of ['street_dispatcher', 'district_commander', 'full_time_grid_worker'] as const) expect(adminScreens(r)).toEqual([]);
  });
});

describe('people', () => {
  it('become rows; synced people have no known state or devices', () => {
    expect(personRow(admin)).toMatchObject({ username: 'w130302001001001', active: false, devices: 2 });
    expect(personRow(synced)).toMatchObject({ username: 'reporter', active: null, devices: null });
  });
  it('show their area by level, Chinese first', () => {
    expect(scopeText(admin.scope, zh)).toBe('网格 130302001001001、130302001001002');
    expect(scopeText(synced.scope, en)).toBe('Community 130302001001');
    expect(scopeText({ level: 'district', code: '130302' }, zh)).toBe('区 130302');
    expect(scopeText({ level: 'grids', code: [] }, zh)).toBe('未分配');
  });
  it('are searched by name, user name or phone', () => {
    const row = personRow(admin);
    expect(matchesPerson(row, '')).toBe(true);
    expect(matchesPerson(row, ' 张 ')).toBe(true);
    expect(matchesPerson(row, 'W1303')).toBe(true);
    expect(matchesPerson(row, '138000')).toBe(true);
    expect(matchesPerson(personRow(synced), '138')).toBe(false);
  });
  it('filter by a 12-digit community code', () => {
    expect(communityFilterError('')).toBe(false);
    expect(communityFilterError(' 130302001001 ')).toBe(false);
    expect(communityFilterError('13030200100')).toBe(true);
    expect(communityFilterError('13030200100x')).toBe(true);
  });
});

describe('import reports', () => {
  it('say whether the file was refused, only tried, or stored', () => {
    expect(importOutcome(report())).toBe('dry_run');
    expect(importOutcome(report({ dry_run: false, applied: true }))).toBe('applied');
    expect(importOutcome(report({ problems: [{ sheet: 'a.csv', row: 2, column: 'phone', reason: 'x', reason_en: '' }] }))).toBe('refused');
  });
  it('list problems as the spreadsheet is walked: sheet, row, column', () => {
    const sorted = sortedProblems([
      { sheet: 'b', row: 3, column: 'name', reason: '1', reason_en: '' },
      { sheet: 'a', row: 10, column: 'code', reason: '2', reason_en: '' },
      { sheet: 'a', row: 2, column: 'role', reason: '3', reason_en: '' },
      { sheet: 'a', row: 2, column: 'area', reason: '4', reason_en: '' },
      { sheet: 'a', row: 0, column: '', reason: '5', reason_en: '' },
    ]);
    expect(sorted.map((p) => p.reason)).toEqual(['5', '4', '3', '2', '1']);
  });
  it('show the whole file and the whole row as a dash', () => {
    expect(problemRow({ sheet: 'a', row: 0, column: '', reason: '', reason_en: '' })).toBe('—');
    expect(problemRow({ sheet: 'a', row: 7, column: '', reason: '', reason_en: '' })).toBe('7');
    expect(problemColumn({ sheet: 'a', row: 7, column: ' ', reason: '', reason_en: '' })).toBe('—');
    expect(problemColumn({ sheet: 'a', row: 7, column: 'phone', reason: '', reason_en: '' })).toBe('phone');
  });
  it('say why in Chinese, in English with the switch, in Chinese when no English came', () => {
    const phone = { sheet: 'a.csv', row: 5, column: 'phone', reason: '“12345”不是电话号码', reason_en: '"12345" is not a phone number' };
    expect(problemReason(phone, 'zh')).toBe('“12345”不是电话号码');
    expect(problemReason(phone, 'en')).toBe('"12345" is not a phone number');
    expect(problemReason({ ...phone, reason_en: '' }, 'en')).toBe('“12345”不是电话号码');
  });
  it('offer GeoJSON files for grids, tables otherwise', () => {
    expect(acceptedFiles('grids')).toContain('.geojson');
    expect(acceptedFiles('people')).toContain('.xlsx');
  });
});

describe('the audit log', () => {
  it('names known actions and shows others as written', () => {
    expect(auditActionText('import.grids', zh)).toBe('导入网格');
    expect(auditActionText('person.deactivate', en)).toBe('Deactivated a person');
    expect(auditActionText('something.new', zh)).toBe('something.new');
  });
  it('shows before and after as indented JSON, nothing when absent', () => {
    expect(jsonText(null)).toBeNull();
    expect(jsonText(undefined)).toBeNull();
    expect(jsonText({ hours: 24 })).toBe('{\n  "hours": 24\n}');
  });
});

it('makes an image address of a QR code', () => {
  expect(pngDataUrl('iVBOR')).toBe('data:image/png;base64,iVBOR');
});

describe('fieldErrors', () => {
  it('gives each field the server names its reason, as the engine words the refusal', () => {
    const m =
      'the server answered 422 invalid_person: username: has a space; name: is empty; role: "chef" is not a role; phone: 123 is not a phone number';
    const e = fieldErrors(m, PERSON_FIELDS);
    expect(e.fields).toEqual({ username: 'has a space', name: 'is empty', role: '"chef" is not a role', phone: '123 is not a phone number' });
    expect(e.rest).toBe('');
  });
  it('keeps a reason holding ";" whole and what names no field apart', () => {
    const e = fieldErrors('area: 130302009009009;130302009009010 are not grids; something else', PERSON_FIELDS);
    expect(e.fields).toEqual({ area: '130302009009009;130302009009010 are not grids; something else' });
    const other = fieldErrors('the file is empty', PERSON_FIELDS);
    expect(other).toEqual({ fields: {}, rest: 'the file is empty' });
  });
  it('reads the Chinese line of a refusal, or the English one with the switch', () => {
    const m =
      'the server answered 422 invalid_person: username: 用户名“li si”中有空格; phone: “123”不是电话号码\nusername: the username "li si" has a space in it; phone: "123" is not a phone number';
    expect(refusalIn(m, 'zh')).toBe('username: 用户名“li si”中有空格; phone: “123”不是电话号码');
    expect(fieldErrors(m, PERSON_FIELDS).fields).toEqual({ username: '用户名“li si”中有空格', phone: '“123”不是电话号码' });
    expect(fieldErrors(m, PERSON_FIELDS, 'en').fields).toEqual({
      username: 'the username "li si" has a space in it',
      phone: '"123" is not a phone number',
    });
    // A message of one line (an older service) is the same in both.
    expect(refusalIn('phone: bad', 'en')).toBe('phone: bad');
    expect(fieldErrors('类别 5101 有误：时限不对\nlimits are wrong', ['routing'] as const, 'en').rest).toBe('limits are wrong');
  });
  it('tells a field from a longer one ending in its name', () => {
    const e = fieldErrors('major_name_zh: is empty; name_zh: is empty', ['major_name_zh', 'name_zh', 'name_en'] as const);
    expect(e.fields).toEqual({ major_name_zh: 'is empty', name_zh: 'is empty' });
  });
});

describe('the person form', () => {
  const row = personRow(admin);
  it('fills in from a person, with grids separated by ;', () => {
    expect(personForm(row)).toEqual({ username: admin.username, name: '张伟', role: 'full_time_grid_worker', area: '130302001001001;130302001001002', phone: '13800000000' });
    expect(personForm(personRow(synced)).area).toBe('130302001001');
    expect(personForm(null).username).toBe('');
  });
  it('sends a new person trimmed, a blank phone as none', () => {
    expect(newPersonInput({ username: ' w1 ', name: ' 王芳 ', role: 'information_reporter', area: ' 130302001001 ', phone: ' ' })).toEqual({
      username: 'w1',
      name: '王芳',
      role: 'information_reporter',
      area: '130302001001',
      phone: null,
    });
  });
  it('edits only what changed; a new role goes with its area; a cleared phone is removed', () => {
    expect(personEdit(row, personForm(row))).toBeNull();
    expect(personEdit(row, { ...personForm(row), name: '张伟伟' })).toEqual({ name: '张伟伟', role: null, area: null, phone: null });
    expect(personEdit(row, { ...personForm(row), role: 'part_time_grid_worker' })).toEqual({
      name: null,
      role: 'part_time_grid_worker',
      area: '130302001001001;130302001001002',
      phone: null,
    });
    expect(personEdit(row, { ...personForm(row), phone: '' })).toEqual({ name: null, role: null, area: null, phone: '' });
  });
});
