// 网格地图, the administrators' district map: which grid workers work in each grid (from the
// admin people list), which grids have none, the street and community filters with their
// names, and which grid labels fit on the map.

import type { AreaInfo, GridInfo } from '../api/types';
import type { PersonRow } from './admin';
import { walksGrids } from './roles';

/** An active grid worker (full-time or part-time) with grids: the people who cover a grid. */
export function isGridWorker(p: PersonRow): boolean {
  return walksGrids(p.role) && p.active !== false && p.scope.level === 'grids';
}

/** Each grid's workers, by grid code, each list by name then user name. A worker of several
 *  grids is listed in each; deactivated people and other roles in none. */
export function workersByGrid(people: readonly PersonRow[]): Map<string, PersonRow[]> {
  const out = new Map<string, PersonRow[]>();
  for (const p of people) {
    if (!isGridWorker(p) || p.scope.level !== 'grids') continue;
    for (const code of new Set(p.scope.code)) {
      const list = out.get(code);
      if (list) list.push(p);
      else out.set(code, [p]);
    }
  }
  for (const list of out.values()) list.sort((a, b) => a.name.localeCompare(b.name, 'zh') || a.username.localeCompare(b.username));
  return out;
}

/** The grids no active grid worker covers, by code. */
export function uncoveredGrids(grids: readonly GridInfo[], byGrid: ReadonlyMap<string, readonly PersonRow[]>): GridInfo[] {
  return grids.filter((g) => (byGrid.get(g.code)?.length ?? 0) === 0).sort((a, b) => a.code.localeCompare(b.code));
}

/** A community's street: its first nine digits. */
export function streetOf(community: string): string {
  return community.slice(0, 9);
}

/** The street and community chosen ('' for all). */
export interface AreaFilter {
  street: string;
  community: string;
}

/** The grids in the chosen street and community; a community outside the chosen street
 *  matches nothing. */
export function filterGrids(grids: readonly GridInfo[], f: AreaFilter): GridInfo[] {
  return grids.filter((g) => (f.street === '' || streetOf(g.community) === f.street) && (f.community === '' || g.community === f.community));
}

/** One choice of a filter: an area with how many grids it has and how many lack a worker. */
export interface AreaChoice {
  code: string;
  /** The area's name, or null when this device does not know it. */
  name: string | null;
  grids: number;
  uncovered: number;
}

function choices(
  grids: readonly GridInfo[],
  key: (g: GridInfo) => string,
  byGrid: ReadonlyMap<string, readonly PersonRow[]>,
  names: ReadonlyMap<string, string>,
): AreaChoice[] {
  const out = new Map<string, AreaChoice>();
  for (const g of grids) {
    const code = key(g);
    const c = out.get(code) ?? { code, name: names.get(code) ?? null, grids: 0, uncovered: 0 };
    c.grids += 1;
    if ((byGrid.get(g.code)?.length ?? 0) === 0) c.uncovered += 1;
    out.set(code, c);
  }
  return [...out.values()].sort((a, b) => a.code.localeCompare(b.code));
}

/** The streets the grids lie in, by code. */
export function streetChoices(
  grids: readonly GridInfo[],
  byGrid: ReadonlyMap<string, readonly PersonRow[]>,
  names: ReadonlyMap<string, string>,
): AreaChoice[] {
  return choices(grids, (g) => streetOf(g.community), byGrid, names);
}

/** The communities of the chosen street ('' for every street), by code. */
export function communityChoices(
  grids: readonly GridInfo[],
  street: string,
  byGrid: ReadonlyMap<string, readonly PersonRow[]>,
  names: ReadonlyMap<string, string>,
): AreaChoice[] {
  return choices(filterGrids(grids, { street, community: '' }), (g) => g.community, byGrid, names);
}

/** A grid's number within its name: `红旗里社区第3网格` → `红旗里社区`. */
const GRID_SUFFIX = /\s*第?\s*[0-9０-９一二三四五六七八九十百零〇]+\s*号?\s*网格$/;

/** A community's name as its grids' names tell it (`红旗里社区第1网格`, `红旗里社区第2网格` →
 *  `红旗里社区`), when every grid of it says the same; else null. */
export function communityNameFromGrids(names: readonly string[]): string | null {
  const stems = new Set(names.map((n) => n.trim().replace(GRID_SUFFIX, '').trim()));
  if (stems.size !== 1) return null;
  const [stem] = [...stems];
  return stem && names.every((n) => n.trim() !== stem) ? stem : null;
}

/** What this device knows of area names: the synced areas (`areas`), else the signed-in
 *  person's own community and street (`MeInfo`) and each community's name as its grids
 *  tell it (a device synced before areas were). */
export function areaNames(
  grids: readonly GridInfo[],
  me: { community: string | null; community_name: string | null; street: string | null; street_name: string | null } | null,
  synced: readonly Pick<AreaInfo, 'code' | 'name'>[] = [],
): Map<string, string> {
  const byCommunity = new Map<string, string[]>();
  for (const g of grids) {
    const list = byCommunity.get(g.community);
    if (list) list.push(g.name);
    else byCommunity.set(g.community, [g.name]);
  }
  const out = new Map<string, string>();
  for (const [code, names] of byCommunity) {
    const name = communityNameFromGrids(names);
    if (name) out.set(code, name);
  }
  if (me?.community && me.community_name) out.set(me.community, me.community_name);
  if (me?.street && me.street_name) out.set(me.street, me.street_name);
  for (const a of synced) if (a.name.trim()) out.set(a.code, a.name.trim());
  return out;
}

/** An area as a filter shows it: its name and code, or its code alone. */
export function areaText(c: Pick<AreaChoice, 'code' | 'name'>): string {
  return c.name ? `${c.name} ${c.code}` : c.code;
}

/** A grid's label on the map: its name without the community's (`红旗里社区第3网格` →
 *  `第3网格`), its name when nothing is left, its code when it has no name. */
export function gridLabel(g: Pick<GridInfo, 'code' | 'name'>, communityName: string | null = null): string {
  const name = g.name.trim();
  if (name === '') return g.code;
  const short = communityName && name.startsWith(communityName) ? name.slice(communityName.length).trim() : name.replace(/^.*社区/, '');
  return short === '' ? name : short;
}

/** The width of a label in pixels, roughly: a CJK character is as wide as the font is
 *  high, other characters about 0.6 of it. */
export function labelWidth(text: string, fontPx: number): number {
  let w = 0;
  for (const ch of text) w += /[\u2e80-\u9fff\uff00-\uffef]/.test(ch) ? fontPx : 0.6 * fontPx;
  return w;
}

/** Whether a label fits inside a grid drawn `width` × `height` pixels (its bounding box), so
 *  labels are drawn only where they can be read and do not run into their neighbours'. */
export function labelFits(text: string, fontPx: number, width: number, height: number): boolean {
  return labelWidth(text, fontPx) <= width * 0.9 && fontPx * 1.3 <= height;
}

/** What the map says of the grids shown: how many, and how many have no worker. */
export function coverage(grids: readonly GridInfo[], byGrid: ReadonlyMap<string, readonly PersonRow[]>): { grids: number; uncovered: number } {
  return { grids: grids.length, uncovered: uncoveredGrids(grids, byGrid).length };
}
