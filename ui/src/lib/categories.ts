// The categories screen's own logic: the catalogue searched, a category as the edit form
// holds it, and the body of `admin_put_category` with only what changed (a new code sends
// every field), with what is wrong before anything is sent.

import type { CategoryAdminInfo, CategoryEdit, Routing } from '../api/types';

/** The six time-limit fields, in the table's order: per priority, accept then resolve. */
export const LIMIT_FIELDS = [
  'urgent_accept_min',
  'urgent_resolve_min',
  'high_accept_min',
  'high_resolve_min',
  'normal_accept_min',
  'normal_resolve_min',
] as const;
export type LimitField = (typeof LIMIT_FIELDS)[number];

/** Every field of the form, as the server names them in `invalid_category`. */
export const CATEGORY_FIELDS = ['code', 'major_name_zh', 'name_zh', 'name_en', 'routing', 'department', ...LIMIT_FIELDS, 'retired'] as const;
export type CategoryField = (typeof CATEGORY_FIELDS)[number];

/** The form as typed (minutes as text). */
export interface CategoryFormValues {
  code: string;
  major_name_zh: string;
  name_zh: string;
  name_en: string;
  routing: Routing;
  /** The organisation code, for the `department` routing. */
  department: string;
  minutes: Record<LimitField, string>;
  retired: boolean;
}

/** Where a limit field is in a category's `accept_minutes` / `resolve_minutes`. */
function limitOf(c: CategoryAdminInfo, field: LimitField): number {
  const i = Math.floor(LIMIT_FIELDS.indexOf(field) / 2);
  const minutes = field.includes('_accept_') ? c.accept_minutes : c.resolve_minutes;
  return minutes[i] ?? 0;
}

export function categoryFormValues(c: CategoryAdminInfo | null): CategoryFormValues {
  const minutes = Object.fromEntries(LIMIT_FIELDS.map((f) => [f, c ? String(limitOf(c, f)) : ''])) as Record<LimitField, string>;
  return {
    code: c?.code ?? '',
    major_name_zh: c?.major_name_zh ?? '',
    name_zh: c?.name_zh ?? '',
    name_en: c?.name_en ?? '',
    routing: c?.routing ?? 'community_queue',
    department: c?.department ?? '',
    minutes,
    retired: c?.retired ?? false,
  };
}

export type CategoryProblem = 'required' | 'minutes' | 'code';

/** What `admin_put_category` sends for the form: of a known category (`original`) only the
 *  fields that changed, of a new code every one; `changed` counts them, `problems` says what
 *  is wrong before sending (the server checks the rest, e.g. slower limits for more urgent). */
export function categoryEdit(
  original: CategoryAdminInfo | null,
  f: CategoryFormValues,
): { edit: CategoryEdit; changed: number; problems: Partial<Record<CategoryField, CategoryProblem>> } {
  const problems: Partial<Record<CategoryField, CategoryProblem>> = {};
  const edit: CategoryEdit = {
    major_name_zh: null,
    name_zh: null,
    name_en: null,
    routing: null,
    department: null,
    urgent_accept_min: null,
    urgent_resolve_min: null,
    high_accept_min: null,
    high_resolve_min: null,
    normal_accept_min: null,
    normal_resolve_min: null,
    retired: null,
  };
  if (!original && !/^\d{4}$/.test(f.code.trim())) problems.code = f.code.trim() ? 'code' : 'required';
  for (const field of ['major_name_zh', 'name_zh', 'name_en'] as const) {
    const v = f[field].trim();
    if (!v) {
      // A blank name is never sent: for a known category it stays as it is.
      if (!original) problems[field] = 'required';
      continue;
    }
    if (!original || v !== original[field]) edit[field] = v;
  }
  if (!original || f.routing !== original.routing) edit.routing = f.routing;
  // A department routing names its organisation; the server checks it is stored.
  if (f.routing === 'department') {
    const code = f.department.trim();
    if (!code) problems.department = 'required';
    else if (!original || code !== original.department || edit.routing) edit.department = code;
  }
  for (const field of LIMIT_FIELDS) {
    const text = f.minutes[field].trim();
    if (!text) {
      if (!original) problems[field] = 'required';
      continue;
    }
    const n = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(n) || n <= 0) {
      problems[field] = 'minutes';
      continue;
    }
    if (!original || n !== limitOf(original, field)) edit[field] = n;
  }
  if (original ? f.retired !== original.retired : f.retired) edit.retired = f.retired;
  const changed = Object.values(edit).filter((v) => v !== null).length;
  return { edit, changed, problems };
}

/** Whether a category matches the search: its code, class or names. */
export function matchesCategory(c: CategoryAdminInfo, q: string): boolean {
  const needle = q.trim().toLowerCase();
  if (!needle) return true;
  return [c.code, c.major_code, c.major_name_zh, c.name_zh, c.name_en].some((v) => v.toLowerCase().includes(needle));
}
