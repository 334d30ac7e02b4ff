// Category search by name in Chinese or English (also major class and code), best match first.

import type { CategoryInfo } from '../api/types';
import type { Lang } from '../i18n/translate';

export function categoryName(c: CategoryInfo, lang: Lang): string {
  return lang === 'en' && c.name_en ? c.name_en : c.name_zh;
}

function norm(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * Score of a category for a query: 0 = no match; higher is better.
 * Whole name > name prefix > word prefix > name contains > major class > code prefix.
 */
export function matchScore(c: CategoryInfo, query: string): number {
  const q = norm(query);
  if (q === '') return 1;
  let best = 0;
  for (const raw of [c.name_zh, c.name_en]) {
    const n = norm(raw);
    if (n === '') continue;
    if (n === q) best = Math.max(best, 100);
    else if (n.startsWith(q)) best = Math.max(best, 80);
    else if (n.split(/[\s/,-]+/).some((w) => w.startsWith(q))) best = Math.max(best, 60);
    else if (n.includes(q)) best = Math.max(best, 50);
  }
  if (best === 0 && norm(c.major_name_zh).includes(q)) best = 30;
  if (best === 0 && norm(c.code).startsWith(q)) best = 20;
  return best;
}

/** Categories matching `query`, best first; ties keep the list's order. */
export function searchCategories(categories: readonly CategoryInfo[], query: string): CategoryInfo[] {
  return categories
    .map((c, i) => ({ c, i, s: matchScore(c, query) }))
    .filter((x) => x.s > 0)
    .sort((a, b) => b.s - a.s || a.i - b.i)
    .map((x) => x.c);
}

/** Group categories by kind and major class, keeping order. */
export function groupByMajor(categories: readonly CategoryInfo[]): { key: string; kind: CategoryInfo['kind']; major: string; items: CategoryInfo[] }[] {
  const groups = new Map<string, { key: string; kind: CategoryInfo['kind']; major: string; items: CategoryInfo[] }>();
  for (const c of categories) {
    const key = `${c.kind}:${c.major_code}`;
    let g = groups.get(key);
    if (!g) {
      g = { key, kind: c.kind, major: c.major_name_zh, items: [] };
      groups.set(key, g);
    }
    g.items.push(c);
  }
  return [...groups.values()];
}
