// 风险预警: the server's risk warnings grouped by rule in a fixed order (重复发生, 异常上升,
// 即将超期, 巡查空白), each group's label and tone, a warning's reason in the chosen language,
// and what a warning links to (its cases, when it has any).

import type { Warning, WarningKind } from '../api/types';
import type { MessageKey } from '../i18n/dictionary';
import type { Lang } from '../i18n/translate';

/** The rules in the order the screen shows them. */
export const KIND_ORDER: readonly WarningKind[] = ['repeated', 'rising', 'due_soon', 'no_patrol'];

export const KIND_LABEL: Record<WarningKind, MessageKey> = {
  repeated: 'warnings.kind.repeated',
  rising: 'warnings.kind.rising',
  due_soon: 'warnings.kind.due_soon',
  no_patrol: 'warnings.kind.no_patrol',
};

/** The badge tone of each rule: a deadline about to pass is the most urgent. */
export const KIND_TONE: Record<WarningKind, 'danger' | 'warn' | 'info'> = {
  repeated: 'warn',
  rising: 'warn',
  due_soon: 'danger',
  no_patrol: 'info',
};

export interface WarningGroup {
  kind: WarningKind;
  warnings: Warning[];
}

/** The warnings by rule in `KIND_ORDER`, empty rules left out; within a rule the largest
 *  count first, then by area name (as the server listed them when equal). */
export function groupWarnings(warnings: readonly Warning[]): WarningGroup[] {
  return KIND_ORDER.map((kind) => ({
    kind,
    warnings: warnings
      .filter((w) => w.kind === kind)
      .map((w, i) => ({ w, i }))
      .sort((a, b) => b.w.count - a.w.count || a.w.area_name.localeCompare(b.w.area_name, 'zh') || a.i - b.i)
      .map(({ w }) => w),
  })).filter((g) => g.warnings.length > 0);
}

/** How many warnings each rule has (zero for none), for the summary chips. */
export function kindCounts(warnings: readonly Warning[]): Record<WarningKind, number> {
  const counts = { repeated: 0, rising: 0, due_soon: 0, no_patrol: 0 } as Record<WarningKind, number>;
  for (const w of warnings) counts[w.kind] = (counts[w.kind] ?? 0) + 1;
  return counts;
}

/** The reason in the chosen language; the Chinese one when the English is missing. */
export function whyText(w: Warning, lang: Lang): string {
  return lang === 'en' && w.why_en.trim() !== '' ? w.why_en : w.why;
}

/** The cases a warning opens (none for 巡查空白, which is about a grid, not cases). */
export function linkedCases(w: Warning): string[] {
  return [...new Set(w.cases)];
}

/** A short label for a case button: the id's last six characters (ids are time-ordered, so
 *  their beginnings are alike). */
export function caseLabel(id: string): string {
  return id.length > 8 ? `…${id.slice(-6)}` : id;
}

/** The count as shown: nothing for a rule that counts no cases (a grid never patrolled). */
export function countText(w: Warning): string {
  return w.count > 0 ? String(w.count) : '—';
}
