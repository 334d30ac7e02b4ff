// 街道吹哨，部门报到: who may call departments to a case, the departments serving its place,
// the whistle's checks and action, what the server's refusals say, and a part's report-in
// status (报到) as the desk and the phone show it.

import { toApiError } from '../api/error';
import type { AuditInfo, CaseAction, CaseState, CaseSummary, Millis, Role, WorkerInfo } from '../api/types';
import type { Translate } from '../i18n/dictionary';
import { errorMessage } from '../i18n/errorMessage';
import { formatDateTime } from './deadline';

/** The report-in limit a whistle offers (the server's default too). */
export const DEFAULT_REPORT_IN_MIN = 30;

/** Street dispatchers and the district commander may whistle, on an accepted case only. */
export function mayWhistle(role: Role | null | undefined, state: CaseState): boolean {
  return (role === 'street_dispatcher' || role === 'district_commander') && state === 'accepted';
}

export interface Department {
  /** Organisation code, what the whistle sends. */
  code: string;
  name: string;
  /** Handlers of it serving the place. */
  handlers: number;
}

/** The departments among the people a case can go to (department handlers serving the
 *  place), once each, in the order they come (the engine sorts them by name). */
export function departmentsOf(workers: readonly WorkerInfo[]): Department[] {
  const out: Department[] = [];
  for (const w of workers) {
    const code = w.organisation_code;
    if (w.role !== 'department_handler' || !code) continue;
    const known = out.find((d) => d.code === code);
    if (known) known.handlers += 1;
    else out.push({ code, name: w.organisation ?? code, handlers: 1 });
  }
  return out;
}

export type WhistleProblem = 'whistle.pickDepartment' | 'whistle.badReportIn' | 'dispatch.needDeadline' | 'whistle.dueInPast' | 'whistle.reportInAfterDue';

/** What is wrong with a whistle before it is sent (as a message key), or null. */
export function whistleProblem(departments: readonly string[], reportInMin: number | null, due: Millis | null, now: Millis): WhistleProblem | null {
  if (departments.length === 0) return 'whistle.pickDepartment';
  if (reportInMin === null || !Number.isInteger(reportInMin) || reportInMin <= 0) return 'whistle.badReportIn';
  if (due === null) return 'dispatch.needDeadline';
  if (due <= now) return 'whistle.dueInPast';
  if (now + reportInMin * 60_000 > due) return 'whistle.reportInAfterDue';
  return null;
}

/** The whistle as the protocol's `CaseAction`. */
export function whistleAction(departments: readonly string[], reportInMin: number, due: Millis | null): CaseAction {
  return { action: 'whistle', departments: [...departments], report_in_minutes: reportInMin, due_at: due };
}

/** The server's refusal of a whistle in words; departments are named by `names` (code → name). */
export function whistleError(e: unknown, t: Translate, names: ReadonlyMap<string, string>): string {
  const err = toApiError(e);
  const named = (re: RegExp) => {
    const code = re.exec(err.message)?.[1];
    return code ? (names.get(code) ?? code) : null;
  };
  switch (err.code) {
    case 'forbidden':
      return t('whistle.error.forbidden');
    case 'unknown_department': {
      const name = named(/department (\S+) is/) ?? err.message;
      return t('whistle.error.unknown_department', { name });
    }
    case 'invalid_whistle': {
      const twice = named(/department (\S+) is called twice/);
      return twice ? t('whistle.error.twice', { name: twice }) : t('whistle.error.invalid', { message: err.message });
    }
    case 'illegal_transition':
    case 'invalid_transition':
      return t('whistle.error.state');
    default:
      return errorMessage(err, t);
  }
}

/** Whether a case is a joint case (联合处置), a department's part of one (联合任务), or neither. */
export function jointRole(c: Pick<CaseSummary, 'parts' | 'part_of'>): 'joint' | 'part' | null {
  if (c.parts.length > 0) return 'joint';
  if (c.part_of !== null) return 'part';
  return null;
}

/** A part's report-in (报到): due by `at`, late since `at`, in (at `at` when the history
 *  says), or none (handed back, no department has it). */
export type ReportIn = { kind: 'due' | 'late'; at: Millis } | { kind: 'in'; at: Millis | null } | { kind: 'none' };

/** When the part's current handler reported in, from its history: the last acknowledgement
 *  (or start, or resolution) since it was last given to someone. */
export function reportedInAt(audit: readonly Pick<AuditInfo, 'action' | 'at'>[]): Millis | null {
  for (let i = audit.length - 1; i >= 0; i--) {
    const a = audit[i];
    if (!a) continue;
    if (a.action === 'whistle' || a.action === 'dispatch' || a.action === 'reassign' || a.action === 'verify') return null;
    if (a.action === 'acknowledge_task' || a.action === 'start' || a.action === 'resolve') {
      // The first of the handler's steps since then is when they reported in.
      let first = a.at;
      for (let j = i - 1; j >= 0; j--) {
        const b = audit[j];
        if (!b || b.action === 'whistle' || b.action === 'dispatch' || b.action === 'reassign' || b.action === 'verify') break;
        if (b.action === 'acknowledge_task' || b.action === 'start' || b.action === 'resolve') first = b.at;
      }
      return first;
    }
  }
  return null;
}

export function reportInOf(
  part: Pick<CaseSummary, 'state' | 'report_in_due'>,
  now: Millis,
  audit: readonly Pick<AuditInfo, 'action' | 'at'>[] = [],
): ReportIn {
  if (part.report_in_due !== null) return { kind: part.report_in_due < now ? 'late' : 'due', at: part.report_in_due };
  if (part.state === 'accepted' || part.state === 'reported' || part.state === 'rejected') return { kind: 'none' };
  return { kind: 'in', at: reportedInAt(audit) };
}

/** A time of today as "10:30", another day's with its date. */
export function formatClock(at: Millis, now: Millis, lang: string): string {
  const d = new Date(at);
  const n = new Date(now);
  const sameDay = d.getFullYear() === n.getFullYear() && d.getMonth() === n.getMonth() && d.getDate() === n.getDate();
  if (!sameDay) return formatDateTime(at, lang);
  const pad = (x: number) => String(x).padStart(2, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** "请于 10:30 前报到", "报到已超时（应于 10:30 前）", "已报到 10:12", "已报到", or the
 *  handed-back text; with the tone its badge takes. */
export function reportInText(r: ReportIn, now: Millis, t: Translate, lang: string): { text: string; tone: 'warn' | 'danger' | 'ok' | 'plain' } {
  switch (r.kind) {
    case 'due':
      return { text: t('joint.reportDue', { time: formatClock(r.at, now, lang) }), tone: 'warn' };
    case 'late':
      return { text: t('joint.reportLate', { time: formatClock(r.at, now, lang) }), tone: 'danger' };
    case 'in':
      return { text: r.at === null ? t('joint.reportedIn') : t('joint.reportedInAt', { time: formatClock(r.at, now, lang) }), tone: 'ok' };
    default:
      return { text: t('joint.returned'), tone: 'plain' };
  }
}

/** A joint case's progress over its loaded parts: how many reported in and how many are done. */
export function jointProgress(parts: readonly Pick<CaseSummary, 'state' | 'report_in_due'>[]): { n: number; reported: number; done: number } {
  let reported = 0;
  let done = 0;
  for (const p of parts) {
    if (p.report_in_due === null && p.state !== 'accepted') reported += 1;
    if (p.state === 'resolved' || p.state === 'verified' || p.state === 'closed') done += 1;
  }
  return { n: parts.length, reported, done };
}
