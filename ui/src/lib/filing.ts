// 受理来电 and 下发任务: the desk's forms as the server's NewCase and NewTasks, with what is
// missing named before anything is sent.

import type { CaseSummary, DeskCase, NewCase, NewTasks, Source } from '../api/types';
import type { MessageKey } from '../i18n/dictionary';

/** The sources a desk files a case as (the form's choice). */
export const FILING_SOURCES: readonly Source[] = ['hotline', 'desk'];

export const SOURCE_LABEL: Record<Source, MessageKey> = {
  app: 'source.app',
  desk: 'source.desk',
  hotline: 'source.hotline',
  open311: 'source.open311',
  task: 'source.task',
};

export interface CaseForm {
  source: Source;
  category: string | null;
  lon: string;
  lat: string;
  address: string;
  description: string;
  externalRef: string;
  worker: string | null;
  /** A `datetime-local` value, or empty. */
  due: string;
}

export interface TasksForm {
  grids: string[];
  category: string | null;
  description: string;
  due: string;
}

/** A typed coordinate (a comma as the decimal point too), or null when it is none. */
export function parseCoord(text: string, max: number): number | null {
  const t = text.trim().replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(t)) return null;
  const n = Number(t);
  return Math.abs(n) <= max ? n : null;
}

/** A `datetime-local` value as unix ms in the window's time zone; null when empty or bad. */
export function parseDue(value: string): number | null {
  if (value.trim() === '') return null;
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? ms : null;
}

/** What the case form still lacks, as messages (empty: ready to send). */
export function caseProblems(f: CaseForm, now: number): MessageKey[] {
  const out: MessageKey[] = [];
  if (!f.category) out.push('filing.needCategory');
  if (parseCoord(f.lon, 180) === null || parseCoord(f.lat, 90) === null) out.push('filing.needPoint');
  if (f.description.trim() === '') out.push('filing.needDescription');
  if (f.source === 'hotline' && f.externalRef.trim() === '') out.push('filing.needTicket');
  const due = parseDue(f.due);
  if (f.due.trim() !== '' && (due === null || due <= now)) out.push('filing.badDue');
  return out;
}

/** The form as the server's NewCase (call after `caseProblems` found none). */
export function newCase(f: CaseForm): NewCase {
  const ref = f.externalRef.trim();
  return {
    id: null,
    source: f.source,
    category: f.category ?? '',
    priority: null,
    lon: parseCoord(f.lon, 180) ?? 0,
    lat: parseCoord(f.lat, 90) ?? 0,
    address: f.address.trim(),
    description: f.description.trim(),
    external_ref: ref === '' ? null : ref,
    worker: f.worker,
    due_at: parseDue(f.due),
  };
}

/** What the task form still lacks. */
export function taskProblems(f: TasksForm, now: number): MessageKey[] {
  const out: MessageKey[] = [];
  if (f.grids.length === 0) out.push('filing.needGrids');
  if (!f.category) out.push('filing.needCategory');
  if (f.description.trim() === '') out.push('filing.needDescription');
  const due = parseDue(f.due);
  if (f.due.trim() !== '' && (due === null || due <= now)) out.push('filing.badDue');
  return out;
}

export function newTasks(f: TasksForm): NewTasks {
  return {
    grids: [...new Set(f.grids)],
    category: f.category ?? '',
    description: f.description.trim(),
    due_at: parseDue(f.due),
  };
}

/** The grid list with `code` added, or removed when it was there. */
export function toggleGrid(grids: readonly string[], code: string): string[] {
  return grids.includes(code) ? grids.filter((g) => g !== code) : [...grids, code];
}

/** How a case came in, when the list says (the desk's lists do; the phone's do not). */
export function sourceOf(c: CaseSummary | DeskCase): Source | null {
  return 'source' in c && typeof c.source === 'string' ? c.source : null;
}

/** The 12345 ticket number or other reference, when the list gives one. */
export function externalRefOf(c: CaseSummary | DeskCase): string | null {
  return 'external_ref' in c && typeof c.external_ref === 'string' && c.external_ref !== '' ? c.external_ref : null;
}

/** The cases of one source ('all': every case). */
export function filterBySource<T extends CaseSummary | DeskCase>(cases: readonly T[], source: Source | 'all'): T[] {
  return source === 'all' ? [...cases] : cases.filter((c) => sourceOf(c) === source);
}
