// The administration screens' own logic: which desk screens a role sees, a person's area as
// text, the people search, an import report's outcome and its problems in spreadsheet order,
// audit actions' names and their before/after as JSON.

import type { AdminPersonInfo, ImportKind, ImportProblemInfo, ImportReportInfo, PersonInfo, Role, ScopeInfo } from '../api/types';
import { hasKey, type Translate } from '../i18n/dictionary';

/** Desk screens of administration. */
export type AdminScreen = 'people' | 'imports' | 'audit';

/** Which administration screens a role sees: administrators all, community dispatchers the
 *  people (to enroll their workers' phones), everyone else none. */
export function adminScreens(role: Role): AdminScreen[] {
  if (role === 'administrator') return ['people', 'imports', 'audit'];
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
