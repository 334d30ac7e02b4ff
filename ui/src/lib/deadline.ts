// Deadlines and durations: time left or overdue, relative times, and the task order
// (overdue first, most overdue on top, then nearest deadline, then no deadline).

import type { CaseSummary, Millis } from '../api/types';
import type { Translate } from '../i18n/dictionary';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export type DeadlineTone = 'none' | 'ok' | 'soon' | 'overdue';

export interface DeadlineView {
  tone: DeadlineTone;
  text: string;
}

/** Time left before `due` (negative when overdue). */
export function remaining(due: Millis, now: Millis): Millis {
  return due - now;
}

/** Whether a case is overdue now: the engine's flag, or a deadline in the past. */
export function isOverdue(c: Pick<CaseSummary, 'due_at' | 'overdue'>, now: Millis): boolean {
  return c.overdue || (c.due_at !== null && c.due_at < now);
}

/** A duration in the two largest units, rounded down; under a minute counts as one minute. */
export function formatDuration(ms: Millis, t: Translate): string {
  const abs = Math.abs(ms);
  if (abs < HOUR) return t('time.minutes', { m: Math.max(1, Math.floor(abs / MINUTE)) });
  if (abs < DAY) {
    const h = Math.floor(abs / HOUR);
    const m = Math.floor((abs % HOUR) / MINUTE);
    return m === 0 ? t('time.hours', { h }) : t('time.hoursMinutes', { h, m });
  }
  const d = Math.floor(abs / DAY);
  const h = Math.floor((abs % DAY) / HOUR);
  return h === 0 ? t('time.days', { d }) : t('time.daysHours', { d, h });
}

/** "2 h 15 min left", "overdue 1 d 2 h", or "no deadline"; within 2 hours is "soon". */
export function deadlineView(
  c: Pick<CaseSummary, 'due_at' | 'overdue'>,
  now: Millis,
  t: Translate,
): DeadlineView {
  if (c.due_at === null) {
    return c.overdue ? { tone: 'overdue', text: t('deadline.overdueNoDue') } : { tone: 'none', text: t('deadline.none') };
  }
  const left = remaining(c.due_at, now);
  if (isOverdue(c, now)) {
    return { tone: 'overdue', text: t('deadline.overdue', { d: formatDuration(Math.min(left, 0), t) }) };
  }
  return {
    tone: left <= 2 * HOUR ? 'soon' : 'ok',
    text: t('deadline.left', { d: formatDuration(left, t) }),
  };
}

/** Tasks in working order: overdue first (most overdue on top), then by due time, then no deadline. */
export function sortByDeadline<C extends Pick<CaseSummary, 'due_at' | 'overdue' | 'reported_at'>>(
  cases: readonly C[],
  now: Millis,
): C[] {
  const rank = (c: C) => (isOverdue(c, now) ? 0 : c.due_at !== null ? 1 : 2);
  return [...cases].sort((a, b) => {
    const ra = rank(a);
    const rb = rank(b);
    if (ra !== rb) return ra - rb;
    const da = a.due_at ?? Number.POSITIVE_INFINITY;
    const db = b.due_at ?? Number.POSITIVE_INFINITY;
    if (da !== db) return da < db ? -1 : 1;
    return a.reported_at - b.reported_at;
  });
}

/** "just now", "5 min ago", "3 h ago", else a date and time. */
export function relativeTime(at: Millis, now: Millis, t: Translate, lang: string): string {
  const ago = now - at;
  if (ago < MINUTE) return t('time.justNow');
  if (ago < HOUR) return t('time.minutesAgo', { m: Math.floor(ago / MINUTE) });
  if (ago < DAY) return t('time.hoursAgo', { h: Math.floor(ago / HOUR) });
  return formatDateTime(at, lang);
}

export function formatDateTime(at: Millis, lang: string): string {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = lang === 'zh' ? `${d.getMonth() + 1}月${d.getDate()}日` : `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return `${date} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Value for an `<input type="datetime-local">` in local time. */
export function toDateTimeLocal(at: Millis): string {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Parse an `<input type="datetime-local">` value (local time); null when empty or invalid. */
export function fromDateTimeLocal(v: string): Millis | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v)) return null;
  const ms = new Date(v).getTime();
  return Number.isNaN(ms) ? null : ms;
}
