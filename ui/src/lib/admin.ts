// The administration screens' own logic: which desk screens a role sees, a person's area as
// text, the people search, the person form (what changed, the server's refusal per field),
// an import report's outcome and its problems in spreadsheet order, audit actions' names and
// their before/after as JSON.

import type {
  AdminPersonInfo,
  ImportKind,
  ImportProblemInfo,
  ImportReportInfo,
  NewPersonInput,
  PersonEdit,
  PersonInfo,
  Role,
  ScopeInfo,
} from '../api/types';
import { hasKey, type Translate } from '../i18n/dictionary';
import type { Lang } from '../i18n/translate';

/** Desk screens of administration. */
export type AdminScreen = 'people' | 'gridmap' | 'categories' | 'imports' | 'devices' | 'audit';

/** Which administration screens a role sees: administrators all (网格地图 among them),
 *  community dispatchers the people (to enroll their workers' phones), everyone else none. */
export function adminScreens(role: Role): AdminScreen[] {
  if (role === 'administrator') return ['people', 'gridmap', 'categories', 'imports', 'devices', 'audit'];
  if (role === 'community_dispatcher') return ['people'];
  return [];
}

/** One row of the people screen: an administrator's view of a person, or a synced person a
 *  community dispatcher may enroll (whose state and devices this device does not know). */
export interface PersonRow {
  username: string;
  name: string;
  role: Role;
  scope: ScopeInfo;
  phone: string | null;
  active: boolean | null;
  devices: number | null;
}

export function personRow(p: AdminPersonInfo | PersonInfo): PersonRow {
  const admin = 'active' in p;
  return {
    username: p.username,
    name: p.name,
    role: p.role,
    scope: p.scope,
    phone: p.phone,
    active: admin ? p.active : null,
    devices: admin ? p.devices : null,
  };
}

/** A person's area: the level's name and its code(s). */
export function scopeText(scope: ScopeInfo, t: Translate): string {
  switch (scope.level) {
    case 'grids':
      return scope.code.length === 0 ? t('scope.none') : `${t('scope.grids')} ${scope.code.join('、')}`;
    case 'community':
      return `${t('scope.community')} ${scope.code}`;
    case 'street':
      return `${t('scope.street')} ${scope.code}`;
    case 'district':
      return `${t('scope.district')} ${scope.code}`;
  }
}

/** The people search as typed: a community filter must be 12 digits (or empty). */
export function communityFilterError(text: string): boolean {
  const v = text.trim();
  return v !== '' && !/^\d{12}$/.test(v);
}

/** Whether a synced person matches the search text (the community dispatcher's list is
 *  searched here; the administrator's on the server). */
export function matchesPerson(p: PersonRow, q: string): boolean {
  const needle = q.trim().toLowerCase();
  if (!needle) return true;
  return [p.username, p.name, p.phone ?? ''].some((v) => v.toLowerCase().includes(needle));
}

/** What became of an import file. */
export type ImportOutcome = 'refused' | 'dry_run' | 'applied';

export function importOutcome(r: ImportReportInfo): ImportOutcome {
  if (r.problems.length > 0) return 'refused';
  return r.dry_run || !r.applied ? 'dry_run' : 'applied';
}

/** Problems in the order a person walks the spreadsheet: sheet, row, column. A row of 0 (the
 *  whole file) comes first. */
export function sortedProblems(problems: readonly ImportProblemInfo[]): ImportProblemInfo[] {
  return [...problems].sort(
    (a, b) => a.sheet.localeCompare(b.sheet) || a.row - b.row || a.column.localeCompare(b.column),
  );
}

/** A problem's row as shown: "—" for the whole file. */
export function problemRow(p: ImportProblemInfo): string {
  return p.row === 0 ? '—' : String(p.row);
}

/** A problem's reason in the app's language: Chinese, English with the switch (the Chinese when
 *  an older service sent no English). */
export function problemReason(p: ImportProblemInfo, lang: Lang): string {
  return lang === 'en' && p.reason_en.trim() !== '' ? p.reason_en : p.reason;
}

/** A problem's column as shown: "—" for the whole row. */
export function problemColumn(p: ImportProblemInfo): string {
  return p.column.trim() === '' ? '—' : p.column;
}

/** Files each kind of import reads, for the file chooser. */
export function acceptedFiles(kind: ImportKind): string {
  return kind === 'grids' ? '.geojson,.json,application/geo+json,application/json' : '.csv,.xlsx,text/csv';
}

/** An audit action's name (`import.grids` → 导入网格), else the action as the server wrote it. */
export function auditActionText(action: string, t: Translate): string {
  const key = `adminAction.${action}`;
  return hasKey(key) ? t(key) : action;
}

/** A before/after value as indented JSON; null when there is none. */
export function jsonText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return JSON.stringify(v, null, 2);
}

/** The base64 PNG of an enrollment code as an image address. */
export function pngDataUrl(base64: string): string {
  return `data:image/png;base64,${base64}`;
}

/** What a server's `column: reason; …` message (invalid_person, invalid_category) says of
 *  each field of a form, and what it says of none. */
export interface FieldErrors<F extends string> {
  fields: Partial<Record<F, string>>;
  rest: string;
}

/** How the engine words a server's refusal before the server's own message. */
const SERVER_PREFIX = /^the server answered \d+ [a-z_]+: /;

/** A refusal in the app's language: the server says it in Chinese, then on a line of its own in
 *  English; a message of one line is the same in both. */
export function refusalIn(message: string, lang: Lang): string {
  const text = message.replace(SERVER_PREFIX, '').trim();
  const cut = text.indexOf('\n');
  if (cut < 0) return text;
  return (lang === 'en' ? text.slice(cut + 1) : text.slice(0, cut)).trim();
}

/** Splits a refusal, in the app's language, by the form's fields: each `field: reason` part goes
 *  to its field (a reason may itself hold `;`, so parts are cut only where a known field is
 *  named). */
export function fieldErrors<F extends string>(message: string, fields: readonly F[], lang: Lang = 'zh'): FieldErrors<F> {
  const text = refusalIn(message, lang);
  const names = [...fields].sort((a, b) => b.length - a.length).map((f) => f.replace(/[^a-z_]/g, ''));
  const at = new RegExp(`(?:^|;\\s*)(${names.join('|')}):\\s*`, 'g');
  const found: { field: F; start: number; end: number }[] = [];
  for (const m of text.matchAll(at)) found.push({ field: m[1] as F, start: m.index, end: m.index + m[0].length });
  const out: FieldErrors<F> = { fields: {}, rest: text.slice(0, found[0]?.start ?? text.length).trim() };
  found.forEach((f, i) => {
    const reason = text.slice(f.end, found[i + 1]?.start ?? text.length).replace(/;\s*$/, '').trim();
    const before = out.fields[f.field];
    out.fields[f.field] = before ? `${before}; ${reason}` : reason;
  });
  return out;
}

/** The fields of the person form, as the server names them. */
export const PERSON_FIELDS = ['username', 'name', 'role', 'area', 'phone'] as const;
export type PersonField = (typeof PERSON_FIELDS)[number];

/** The person form as typed. */
export interface PersonForm {
  username: string;
  name: string;
  role: Role;
  area: string;
  phone: string;
}

/** A person's area as the form (and the people table) writes it: grids separated by `;`,
 *  else the community, street or district code. */
export function areaInput(scope: ScopeInfo): string {
  return scope.level === 'grids' ? scope.code.join(';') : scope.code;
}

/** The form for a new person (null) or filled in from a person. */
export function personForm(p: PersonRow | null): PersonForm {
  if (!p) return { username: '', name: '', role: 'full_time_grid_worker', area: '', phone: '' };
  return { username: p.username, name: p.name, role: p.role, area: areaInput(p.scope), phone: p.phone ?? '' };
}

/** `admin_create_person`'s person: text trimmed, a blank phone none. */
export function newPersonInput(f: PersonForm): NewPersonInput {
  return { username: f.username.trim(), name: f.name.trim(), role: f.role, area: f.area.trim(), phone: f.phone.trim() || null };
}

/** `admin_edit_person`'s edit: only what changed (a new role goes with its area, which must
 *  fit it; a cleared phone is removed); null when nothing did. */
export function personEdit(p: PersonRow, f: PersonForm): PersonEdit | null {
  const was = personForm(p);
  const name = f.name.trim() !== was.name ? f.name.trim() : null;
  const role = f.role !== was.role ? f.role : null;
  const area = f.area.trim() !== was.area || role !== null ? f.area.trim() : null;
  const phone = f.phone.trim() !== was.phone ? f.phone.trim() : null;
  if (name === null && role === null && area === null && phone === null) return null;
  return { name, role, area, phone };
}
