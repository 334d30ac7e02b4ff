import { describe, expect, it } from 'vitest';
import type { AuditInfo, CaseState, Role, WorkerInfo } from '../api/types';
import { ApiError } from '../api/error';
import { translator } from '../i18n/dictionary';
import { hasKey } from '../i18n/dictionary';
import {
  DEFAULT_REPORT_IN_MIN,
  departmentsOf,
  formatClock,
  jointProgress,
  jointRole,
  mayWhistle,
  reportInOf,
  reportInText,
  reportedInAt,
  whistleAction,
  whistleError,
  whistleProblem,
} from './whistle';

const zh = translator('zh');
const en = translator('en');
const MIN = 60_000;
// 2025-03-05 10:00 local time.
const NOW = new Date(2025, 2, 5, 10, 0).getTime();

function worker(name: string, role: Role, code: string | null = null, org: string | null = null): WorkerInfo {
  return { person_id: `p-${name}`, name, role, grids: [], organisation: org, organisation_code: code };
}

function step(action: AuditInfo['action'], at: number): Pick<AuditInfo, 'action' | 'at'> {
  return { action, at };
}

describe('who may whistle', () => {
  it('is a street dispatcher or the commander, on an accepted case', () => {
    expect(mayWhistle('street_dispatcher', 'accepted')).toBe(true);
    expect(mayWhistle('district_commander', 'accepted')).toBe(true);
    for (const role of ['community_dispatcher', 'administrator', 'full_time_grid_worker', 'department_handler'] as Role[])
      expect(mayWhistle(role, 'accepted'), role).toBe(false);
    for (const state of ['reported', 'dispatched', 'in_progress', 'resolved', 'closed'] as CaseState[])
      expect(mayWhistle('street_dispatcher', state), state).toBe(false);
    expect(mayWhistle(null, 'accepted')).toBe(false);
  });
});

describe('departments serving the place', () => {
  it('are the handlers\u2019 organisations, once each, with how many handlers', () => {
    const d = departmentsOf([
      worker('张伟', 'full_time_grid_worker'),
      worker('城管一', 'department_handler', 'cg', '城市管理局'),
      worker('城管二', 'department_handler', 'cg', '城市管理局'),
      worker('市政一', 'department_handler', 'sz', null),
      worker('无部门', 'department_handler', null, null),
    ]);
    expect(d).toEqual([
      { code: 'cg', name: '城市管理局', handlers: 2 },
      { code: 'sz', name: 'sz', handlers: 1 },
    ]);
    expect(departmentsOf([])).toEqual([]);
  });
});

describe('a whistle before it is sent', () => {
  const due = NOW + 24 * 60 * MIN;
  it('needs a department, whole minutes, and a deadline after the report-in limit', () => {
    expect(whistleProblem([], 30, due, NOW)).toBe('whistle.pickDepartment');
    expect(whistleProblem(['cg'], null, due, NOW)).toBe('whistle.badReportIn');
    expect(whistleProblem(['cg'], 0, due, NOW)).toBe('whistle.badReportIn');
    expect(whistleProblem(['cg'], 2.5, due, NOW)).toBe('whistle.badReportIn');
    expect(whistleProblem(['cg'], 30, null, NOW)).toBe('dispatch.needDeadline');
    expect(whistleProblem(['cg'], 30, NOW - MIN, NOW)).toBe('whistle.dueInPast');
    expect(whistleProblem(['cg'], 30, NOW + 20 * MIN, NOW)).toBe('whistle.reportInAfterDue');
    expect(whistleProblem(['cg', 'sz'], DEFAULT_REPORT_IN_MIN, due, NOW)).toBeNull();
    expect(whistleProblem(['cg'], 30, NOW + 30 * MIN, NOW)).toBeNull();
  });
  it('goes out as the protocol\u2019s whistle action', () => {
    expect(whistleAction(['cg', 'sz', 'gs'], 30, due)).toEqual({ action: 'whistle', departments: ['cg', 'sz', 'gs'], report_in_minutes: 30, due_at: due });
  });
});

describe('the server\u2019s refusals in words', () => {
  const names = new Map([['cg', '城市管理局']]);
  it('name the department and say why, in both languages', () => {
    const unknown = new ApiError('unknown_department', 'department cg is unknown, retired, or has no handler serving this place');
    expect(whistleError(unknown, zh, names)).toBe('“城市管理局”无法召集：部门不存在、已停用，或没有服务此地的处置人');
    expect(whistleError(unknown, en, names)).toContain('“城市管理局” cannot be called');
    const unparsable = new ApiError('unknown_department', 'invalid organisation code "C G"');
    expect(whistleError(unparsable, zh, names)).toContain('invalid organisation code');
    expect(whistleError(new ApiError('invalid_whistle', 'department cg is called twice'), zh, names)).toBe('“城市管理局”被重复选择');
    expect(whistleError(new ApiError('invalid_whistle', 'a whistle calls at least one department'), zh, names)).toBe('吹哨未被接受：a whistle calls at least one department');
    expect(whistleError(new ApiError('forbidden', 'denied'), zh, names)).toBe('只有街道受理派遣员和区指挥中心可以对已立案的案件吹哨');
    expect(whistleError(new ApiError('illegal_transition', 'x'), en, names)).toBe('The case is no longer waiting for dispatch; refresh the list');
    expect(whistleError(new ApiError('offline', 'no network'), zh, names)).toBe(zh('error.offline'));
  });
});

describe('joint cases and their parts', () => {
  it('are told apart', () => {
    expect(jointRole({ parts: ['a', 'b'], part_of: null })).toBe('joint');
    expect(jointRole({ parts: [], part_of: 'j' })).toBe('part');
    expect(jointRole({ parts: [], part_of: null })).toBeNull();
  });

  it('have a report-in status: due, late, in (when), or handed back', () => {
    const due = NOW + 20 * MIN;
    expect(reportInOf({ state: 'dispatched', report_in_due: due }, NOW)).toEqual({ kind: 'due', at: due });
    expect(reportInOf({ state: 'dispatched', report_in_due: NOW - MIN }, NOW)).toEqual({ kind: 'late', at: NOW - MIN });
    const audit = [step('whistle', NOW - 60 * MIN), step('acknowledge_task', NOW - 50 * MIN), step('start', NOW - 40 * MIN)];
    expect(reportInOf({ state: 'in_progress', report_in_due: null }, NOW, audit)).toEqual({ kind: 'in', at: NOW - 50 * MIN });
    expect(reportInOf({ state: 'dispatched', report_in_due: null }, NOW)).toEqual({ kind: 'in', at: null });
    expect(reportInOf({ state: 'accepted', report_in_due: null }, NOW)).toEqual({ kind: 'none' });
  });

  it('count the report-in from the handler\u2019s first step since the part was last given out', () => {
    expect(reportedInAt([step('whistle', 1), step('start', 5), step('resolve', 9)])).toBe(5);
    // Sent back after verification: the earlier report-in no longer counts.
    expect(reportedInAt([step('whistle', 1), step('acknowledge_task', 2), step('resolve', 3), step('verify', 4)])).toBeNull();
    expect(reportedInAt([step('whistle', 1), step('acknowledge_task', 2), step('verify', 4), step('acknowledge_task', 6)])).toBe(6);
    expect(reportedInAt([])).toBeNull();
  });

  it('say their report-in in words, the time of day for today', () => {
    const at = new Date(2025, 2, 5, 10, 30).getTime();
    expect(formatClock(at, NOW, 'zh')).toBe('10:30');
    expect(formatClock(new Date(2025, 2, 6, 9, 5).getTime(), NOW, 'zh')).toBe('3月6日 09:05');
    expect(reportInText({ kind: 'due', at }, NOW, zh, 'zh')).toEqual({ text: '请于 10:30 前报到', tone: 'warn' });
    expect(reportInText({ kind: 'late', at: NOW - 30 * MIN }, NOW, zh, 'zh')).toEqual({ text: '报到已超时（应于 09:30 前）', tone: 'danger' });
    expect(reportInText({ kind: 'in', at: NOW - 30 * MIN }, NOW, zh, 'zh')).toEqual({ text: '已报到 09:30', tone: 'ok' });
    expect(reportInText({ kind: 'in', at: null }, NOW, en, 'en').text).toBe('Reported in');
    expect(reportInText({ kind: 'none' }, NOW, en, 'en').tone).toBe('plain');
    expect(reportInText({ kind: 'due', at }, NOW, en, 'en').text).toBe('Report in by 10:30');
  });

  it('show how far the departments are', () => {
    expect(
      jointProgress([
        { state: 'dispatched', report_in_due: NOW },
        { state: 'in_progress', report_in_due: null },
        { state: 'resolved', report_in_due: null },
        { state: 'accepted', report_in_due: null },
      ]),
    ).toEqual({ n: 4, reported: 2, done: 1 });
    expect(zh('joint.progress', { reported: 2, n: 3, done: 1 })).toBe('已报到 2/3 · 已处置 1/3');
  });

  it('have the whistle\u2019s audit steps named', () => {
    expect(hasKey('audit.whistle')).toBe(true);
    expect(hasKey('audit.parts_done')).toBe(true);
  });
});
