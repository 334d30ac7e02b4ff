// 指挥平台, the district board: who may open it, the colour of an open case from its state,
// lateness and escalation, the map fitted to the area with its pan and zoom, the community
// boundaries derived from the grids, the open cases per grid, today's rates, the escalation
// order, and the debounce of the live refresh.
//
// The map is drawn from the stored WGS-84 polygons with the equirectangular projection of
// projection.ts (longitudes scaled by cos(latitude)). No GCJ-02 conversion is needed: no base
// map tiles are drawn, so the grids and the cases' points share one datum.

import type { BoardCase, BoardCounts, BoardGrid, EscalationLevel, Role, Warning, WarningKind } from '../api/types';
import type { MessageKey } from '../i18n/dictionary';
import { labelWidth } from './districtMap';
import { boundsOf, expandBounds, fitProjection, isEmpty, ringsOf, type Projection } from './projection';

/** Who opens the board: the district commander and the street and community dispatchers. */
export const BOARD_ROLES: readonly Role[] = ['district_commander', 'street_dispatcher', 'community_dispatcher'];

export function mayUseBoard(role: Role | null | undefined): boolean {
  return !!role && BOARD_ROLES.includes(role);
}

// ---- A case's colour ----

/** What a point's colour says: where the case is in the loop, or that it is late. */
export type CaseTone = 'reported' | 'accepted' | 'working' | 'resolved' | 'overdue';

/** The legend's order. */
export const TONE_ORDER: readonly CaseTone[] = ['reported', 'accepted', 'working', 'resolved', 'overdue'];

export const TONE_COLOUR: Record<CaseTone, string> = {
  reported: '#e39b00',
  accepted: '#7a52cc',
  working: '#0b6bcb',
  resolved: '#1c8c4c',
  overdue: '#d42a2a',
};

export const TONE_LABEL: Record<CaseTone, MessageKey> = {
  reported: 'board.tone.reported',
  accepted: 'board.tone.accepted',
  working: 'board.tone.working',
  resolved: 'board.tone.resolved',
  overdue: 'board.tone.overdue',
};

/** A case's tone: late wins over the state; otherwise 待受理 (reported), 待派遣 (accepted),
 *  处置中 (dispatched, in progress), 待核查结案 (resolved, verified). */
export function caseTone(c: Pick<BoardCase, 'state' | 'overdue'>): CaseTone {
  if (c.overdue) return 'overdue';
  switch (c.state) {
    case 'reported':
      return 'reported';
    case 'accepted':
      return 'accepted';
    case 'dispatched':
    case 'in_progress':
      return 'working';
    default:
      return 'resolved';
  }
}

export const ESCALATION_LEVELS: readonly EscalationLevel[] = ['none', 'community', 'street', 'district'];

/** The wire's escalation number (0 none … 3 the district) as a level; out of range is clamped. */
export function escalationLevel(n: number): EscalationLevel {
  const i = Math.max(0, Math.min(3, Math.floor(Number.isFinite(n) ? n : 0)));
  return ESCALATION_LEVELS[i] ?? 'none';
}

/** How many rings a point wears: one per escalation level (community 1, street 2, district 3). */
export function ringsFor(c: Pick<BoardCase, 'escalation'>): number {
  return ESCALATION_LEVELS.indexOf(escalationLevel(c.escalation));
}

const DRAW_RANK: Record<CaseTone, number> = { resolved: 0, working: 1, accepted: 2, reported: 3, overdue: 4 };

/** The points in drawing order, so the urgent ones lie on top: finished work first, late
 *  cases last, the most escalated of them last of all. */
export function drawOrder<C extends Pick<BoardCase, 'state' | 'overdue' | 'escalation'>>(cases: readonly C[]): C[] {
  return cases
    .map((c, i) => ({ c, i, r: DRAW_RANK[caseTone(c)] * 4 + ringsFor(c) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map(({ c }) => c);
}

// ---- The map: fit, pan and zoom ----

/** The projection that fits the area: every grid, and every case (a report outside every grid
 *  still shows), with a small margin. */
export function fitBoard(
  grids: readonly Pick<BoardGrid, 'geometry'>[],
  cases: readonly Pick<BoardCase, 'lon' | 'lat'>[],
  width: number,
  height: number,
  padding = 20,
): Projection {
  let b = boundsOf(
    grids.map((g) => g.geometry),
    cases,
  );
  if (!isEmpty(b)) b = expandBounds(b, 0.01);
  return fitProjection(b, width, height, padding);
}

/** The pan and zoom over the fitted map: a screen point is `k × fitted + (x, y)`. */
export interface ViewTransform {
  k: number;
  x: number;
  y: number;
}

export const FITTED: ViewTransform = { k: 1, x: 0, y: 0 };
export const MIN_ZOOM = 1;
export const MAX_ZOOM = 40;

/** Zoom by `factor` keeping the screen point (px, py) where it is; the scale stays within
 *  [MIN_ZOOM, MAX_ZOOM], and zooming all the way out comes back to the fitted view. */
export function zoomAt(v: ViewTransform, factor: number, px: number, py: number): ViewTransform {
  const k = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, v.k * factor));
  if (k === MIN_ZOOM) return { ...FITTED };
  const f = k / v.k;
  return { k, x: px - (px - v.x) * f, y: py - (py - v.y) * f };
}

/** Moved by a drag of (dx, dy) screen units; the fitted view does not move. */
export function panBy(v: ViewTransform, dx: number, dy: number): ViewTransform {
  if (v.k <= MIN_ZOOM) return v;
  return { k: v.k, x: v.x + dx, y: v.y + dy };
}

/** A fitted-map point on the screen. */
export function toScreen(v: ViewTransform, [x, y]: readonly [number, number]): [number, number] {
  return [v.k * x + v.x, v.k * y + v.y];
}

/** The SVG transform of the grids' layer. */
export function transformOf(v: ViewTransform): string {
  return `translate(${v.x.toFixed(2)},${v.y.toFixed(2)}) scale(${v.k.toFixed(4)})`;
}

/** A drag shorter than this (screen units) is a click. */
export const CLICK_SLOP = 4;

// ---- Community boundaries ----

type Pt = readonly [number, number];

/** Coordinates to about a centimetre, so a vertex two grids share meets itself. */
function keyOf([lon, lat]: Pt): string {
  return `${lon.toFixed(7)},${lat.toFixed(7)}`;
}

/** The outline of each community as segments: the edges of its grids that no other grid of
 *  the same community shares. Adjacent grids that share their edges vertex for vertex (as the
 *  demo's and any tessellation's do) leave only the community's outer boundary; boundaries
 *  drawn without shared vertices leave extra lines, never a missing one. */
export function communityOutlines(grids: readonly Pick<BoardGrid, 'community' | 'geometry'>[]): Map<string, [Pt, Pt][]> {
  const byCommunity = new Map<string, Map<string, { n: number; seg: [Pt, Pt] }>>();
  for (const g of grids) {
    let edges = byCommunity.get(g.community);
    if (!edges) byCommunity.set(g.community, (edges = new Map()));
    for (const ring of ringsOf(g.geometry)) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const a = ring[i] as Pt;
        const b = ring[i + 1] as Pt;
        const ka = keyOf(a);
        const kb = keyOf(b);
        if (ka === kb) continue;
        const key = ka < kb ? `${ka}|${kb}` : `${kb}|${ka}`;
        const e = edges.get(key);
        if (e) e.n += 1;
        else edges.set(key, { n: 1, seg: [a, b] });
      }
    }
  }
  const out = new Map<string, [Pt, Pt][]>();
  for (const [community, edges] of byCommunity) {
    out.set(
      community,
      [...edges.values()].filter((e) => e.n === 1).map((e) => e.seg),
    );
  }
  return out;
}

/** SVG path data of segments, joined where one ends where the next begins. */
export function segmentsPath(segments: readonly (readonly [Pt, Pt])[], p: Pick<Projection, 'project'>): string {
  let d = '';
  let last = '';
  for (const [a, b] of segments) {
    const [ax, ay] = p.project(a[0], a[1]);
    const [bx, by] = p.project(b[0], b[1]);
    const start = `${ax.toFixed(1)},${ay.toFixed(1)}`;
    if (start !== last) d += `M${start}`;
    last = `${bx.toFixed(1)},${by.toFixed(1)}`;
    d += `L${last}`;
  }
  return d;
}

// ---- Labels ----

export interface LabelCandidate {
  key: string;
  text: string;
  /** The label's centre on the screen. */
  x: number;
  y: number;
  /** Font size in pixels. */
  px: number;
}

/** The labels that can be drawn without running into one another or off the screen, taken
 *  in the order given (the most important first): each is a box as wide as its text
 *  (`labelWidth`) plus a margin, and 1.3 times its font size high. */
export function placeLabels<L extends LabelCandidate>(candidates: readonly L[], width: number, height: number, margin = 4): L[] {
  const placed: { l: L; x0: number; y0: number; x1: number; y1: number }[] = [];
  for (const l of candidates) {
    const hw = labelWidth(l.text, l.px) / 2 + margin;
    const hh = (l.px * 1.3) / 2;
    const box = { l, x0: l.x - hw, y0: l.y - hh, x1: l.x + hw, y1: l.y + hh };
    if (box.x0 < 0 || box.y0 < 0 || box.x1 > width || box.y1 > height) continue;
    if (placed.some((p) => p.x0 < box.x1 && box.x0 < p.x1 && p.y0 < box.y1 && box.y0 < p.y1)) continue;
    placed.push(box);
  }
  return placed.map((p) => p.l);
}

// ---- Cases per grid ----

/** The open cases by grid code; those outside every grid under ''. */
export function casesByGrid<C extends Pick<BoardCase, 'grid'>>(cases: readonly C[]): Map<string, C[]> {
  const out = new Map<string, C[]>();
  for (const c of cases) {
    const key = c.grid ?? '';
    const list = out.get(key);
    if (list) list.push(c);
    else out.set(key, [c]);
  }
  return out;
}

/** A grid's shade on the map: some of its cases late, some open, or none. */
export type GridTone = 'overdue' | 'open' | 'quiet';

export function gridTone(cases: readonly Pick<BoardCase, 'overdue'>[] | undefined): GridTone {
  if (!cases || cases.length === 0) return 'quiet';
  return cases.some((c) => c.overdue) ? 'overdue' : 'open';
}

/** How many of some cases have each tone. */
export function toneCounts(cases: readonly Pick<BoardCase, 'state' | 'overdue'>[]): Record<CaseTone, number> {
  const n: Record<CaseTone, number> = { reported: 0, accepted: 0, working: 0, resolved: 0, overdue: 0 };
  for (const c of cases) n[caseTone(c)] += 1;
  return n;
}

/** A grid's cases as its panel lists them: late first (most escalated, then the earliest
 *  deadline), then the rest newest first. */
export function gridCaseOrder<C extends Pick<BoardCase, 'overdue' | 'escalation' | 'due_at' | 'reported_at'>>(cases: readonly C[]): C[] {
  return [...cases].sort((a, b) => {
    if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
    if (a.overdue) return b.escalation - a.escalation || (a.due_at ?? Infinity) - (b.due_at ?? Infinity);
    return b.reported_at - a.reported_at;
  });
}

/** The escalation list: the highest level first, then the longest overdue (the earliest
 *  deadline), then the earliest reported. */
export function escalationOrder<C extends Pick<BoardCase, 'escalation' | 'due_at' | 'reported_at'>>(cases: readonly C[]): C[] {
  return [...cases].sort(
    (a, b) =>
      b.escalation - a.escalation ||
      (a.due_at ?? Infinity) - (b.due_at ?? Infinity) ||
      a.reported_at - b.reported_at,
  );
}

/** The board's order of risk warnings: a deadline about to pass first, then repeated
 *  problems, rising numbers and grids nobody patrols; within a rule the largest count first.
 *  At most `limit` of them (`more` says how many were left out). */
export function boardWarnings<W extends Pick<Warning, 'kind' | 'count'>>(warnings: readonly W[], limit: number): { shown: W[]; more: number } {
  const rank: Record<WarningKind, number> = { due_soon: 0, repeated: 1, rising: 2, no_patrol: 3 };
  const sorted = warnings
    .map((w, i) => ({ w, i }))
    .sort((a, b) => (rank[a.w.kind] ?? 9) - (rank[b.w.kind] ?? 9) || b.w.count - a.w.count || a.i - b.i)
    .map(({ w }) => w);
  return { shown: sorted.slice(0, limit), more: Math.max(0, sorted.length - limit) };
}

// ---- Today's counts ----

/** A share as a whole percentage, or null when nothing counts. */
export function percent(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((Math.min(part, whole) / whole) * 100) : null;
}

/** 一小时响应率: of today's reports, the share accepted within an hour of being reported. */
export function oneHourRate(t: Pick<BoardCounts, 'reported' | 'accepted_within_hour'>): number | null {
  return percent(t.accepted_within_hour, t.reported);
}

/** A time of day as the board's clock shows it, `HH:MM:SS` in the window's time. */
export function clockTime(at: number): string {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

// ---- Live refresh ----

/** `run` once `ms` after the last `trigger`, never two runs at once: a trigger during a run
 *  runs it again after, once. */
export function debounced(run: () => Promise<void>, ms: number): { trigger(): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running = false;
  let again = false;
  let cancelled = false;
  const fire = async () => {
    timer = null;
    if (cancelled) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      await run();
    } catch {
      // the caller shows its own errors
    } finally {
      running = false;
    }
    if (again && !cancelled) {
      again = false;
      trigger();
    }
  };
  function trigger() {
    if (cancelled) return;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => void fire(), ms);
  }
  return {
    trigger,
    cancel() {
      cancelled = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}
