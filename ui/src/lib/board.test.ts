import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BoardCase, BoardGrid, CaseState, GridGeometry } from '../api/types';
import { DICTIONARIES } from '../i18n/dictionary';
import {
  FITTED,
  boardWarnings,
  MAX_ZOOM,
  TONE_LABEL,
  TONE_ORDER,
  caseTone,
  casesByGrid,
  communityOutlines,
  debounced,
  drawOrder,
  escalationLevel,
  escalationOrder,
  fitBoard,
  gridCaseOrder,
  gridTone,
  mayUseBoard,
  oneHourRate,
  panBy,
  percent,
  placeLabels,
  ringsFor,
  segmentsPath,
  toScreen,
  toneCounts,
  zoomAt,
} from './board';

const box = (lon0: number, lat0: number, lon1: number, lat1: number): GridGeometry => ({
  type: 'Polygon',
  coordinates: [[[lon0, lat0], [lon1, lat0], [lon1, lat1], [lon0, lat1], [lon0, lat0]]],
});
const grid = (code: string, geometry: GridGeometry): BoardGrid => ({ code, community: code.slice(0, 12), name: `第${code.slice(-1)}网格`, geometry });

let seq = 0;
function bc(over: Partial<BoardCase> = {}): BoardCase {
  seq += 1;
  return {
    id: `case-${seq}`,
    state: 'dispatched',
    category: '0101',
    category_name: '井盖',
    description: '',
    grid: '130302001001001',
    community: '130302001001',
    lon: 119.6,
    lat: 39.93,
    reported_at: 1_000 + seq,
    due_at: null,
    overdue: false,
    escalation: 0,
    source: 'app',
    assignee_name: null,
    ...over,
  };
}

describe('who opens the board', () => {
  it('is the commander and the street and community dispatchers, not administrators or workers', () => {
    expect(mayUseBoard('district_commander')).toBe(true);
    expect(mayUseBoard('street_dispatcher')).toBe(true);
    expect(mayUseBoard('community_dispatcher')).toBe(true);
    expect(mayUseBoard('administrator')).toBe(false);
    expect(mayUseBoard('full_time_grid_worker')).toBe(false);
    expect(mayUseBoard(null)).toBe(false);
  });
});

describe('a case on the map', () => {
  it('takes its colour from the step of the loop', () => {
    const tones = (['reported', 'accepted', 'dispatched', 'in_progress', 'resolved', 'verified'] as CaseState[]).map((state) => caseTone({ state, overdue: false }));
    expect(tones).toEqual(['reported', 'accepted', 'working', 'working', 'resolved', 'resolved']);
  });
  it('is red once late, whatever its state', () => {
    expect(caseTone({ state: 'reported', overdue: true })).toBe('overdue');
    expect(caseTone({ state: 'in_progress', overdue: true })).toBe('overdue');
  });
  it('wears a ring per escalation level, the wire number clamped', () => {
    expect([0, 1, 2, 3].map((e) => ringsFor({ escalation: e }))).toEqual([0, 1, 2, 3]);
    expect(escalationLevel(2)).toBe('street');
    expect(escalationLevel(9)).toBe('district');
    expect(escalationLevel(-1)).toBe('none');
    expect(escalationLevel(NaN)).toBe('none');
  });
  it('is drawn under the late ones, and the most escalated on top of all', () => {
    const done = bc({ state: 'resolved' });
    const late3 = bc({ overdue: true, escalation: 3 });
    const late1 = bc({ overdue: true, escalation: 1 });
    const fresh = bc({ state: 'reported' });
    const working = bc();
    expect(drawOrder([late3, fresh, late1, done, working]).map((c) => c.id)).toEqual([done.id, working.id, fresh.id, late1.id, late3.id]);
  });
  it('has a legend label in both languages for every tone', () => {
    for (const tone of TONE_ORDER) {
      expect(DICTIONARIES.zh[TONE_LABEL[tone]]).toBeTruthy();
      expect(DICTIONARIES.en[TONE_LABEL[tone]]).toBeTruthy();
    }
    expect(DICTIONARIES.zh[TONE_LABEL.reported]).toBe('待受理');
  });
});

describe('the map fitted to the area', () => {
  // Two grids side by side, each 0.01° of longitude by 0.01° of latitude, and a case
  // reported east of both, outside every grid.
  const grids = [grid('130302001001001', box(119.6, 39.93, 119.61, 39.94)), grid('130302001001002', box(119.61, 39.93, 119.62, 39.94))];
  const outside = bc({ grid: null, lon: 119.63, lat: 39.935 });
  const p = fitBoard(grids, [outside], 1000, 600, 20);

  it('shows every grid and every case inside the frame', () => {
    for (const [lon, lat] of [[119.6, 39.93], [119.62, 39.94], [outside.lon, outside.lat]] as const) {
      const [x, y] = p.project(lon, lat);
      expect(x).toBeGreaterThanOrEqual(20);
      expect(x).toBeLessThanOrEqual(980);
      expect(y).toBeGreaterThanOrEqual(20);
      expect(y).toBeLessThanOrEqual(580);
    }
  });
  it('keeps shapes: a degree of longitude is cos(latitude) of a degree of latitude', () => {
    const [x0, y0] = p.project(119.6, 39.93);
    const [x1] = p.project(119.61, 39.93);
    const [, y1] = p.project(119.6, 39.94);
    expect((x1 - x0) / (y0 - y1)).toBeCloseTo(Math.cos((39.935 * Math.PI) / 180), 2);
  });
  it('north is up', () => {
    expect(p.project(119.6, 39.94)[1]).toBeLessThan(p.project(119.6, 39.93)[1]);
  });
});

describe('pan and zoom', () => {
  it('zooms about the pointer: the point under it stays put', () => {
    const v = zoomAt(FITTED, 2, 300, 200);
    expect(v.k).toBe(2);
    expect(toScreen(v, [300, 200])).toEqual([300, 200]);
    const w = zoomAt(v, 1.5, 50, 400);
    const before = [(50 - v.x) / v.k, (400 - v.y) / v.k] as const;
    const [sx, sy] = toScreen(w, before);
    expect(sx).toBeCloseTo(50, 9);
    expect(sy).toBeCloseTo(400, 9);
  });
  it('stays between the fitted view and the most zoom, and zooming out returns to the fit', () => {
    expect(zoomAt(FITTED, 1000, 10, 10).k).toBe(MAX_ZOOM);
    const out = zoomAt(zoomAt(FITTED, 3, 100, 100), 0.1, 500, 500);
    expect(out).toEqual(FITTED);
  });
  it('moves by a drag once zoomed in, and not before', () => {
    expect(panBy(FITTED, 40, -10)).toEqual(FITTED);
    expect(panBy({ k: 2, x: 5, y: 5 }, 40, -10)).toEqual({ k: 2, x: 45, y: -5 });
  });
});

describe('community boundaries', () => {
  // Community A: two grids sharing their middle edge vertex for vertex; community B: one grid
  // east of A, sharing A's east edge.
  const a1 = grid('130302001001001', box(0, 0, 1, 1));
  const a2 = grid('130302001001002', box(1, 0, 2, 1));
  const b1 = grid('130302001002001', box(2, 0, 3, 1));
  const outlines = communityOutlines([a1, a2, b1]);

  it("leave out the edges a community's grids share", () => {
    const a = outlines.get('130302001001') ?? [];
    expect(a).toHaveLength(6);
    const inner = a.filter(([p, q]) => p[0] === 1 && q[0] === 1);
    expect(inner).toHaveLength(0);
  });
  it('keep the edge two communities share, in each of them', () => {
    const b = outlines.get('130302001002') ?? [];
    expect(b).toHaveLength(4);
    const a = outlines.get('130302001001') ?? [];
    expect(a.some(([p, q]) => p[0] === 2 && q[0] === 2)).toBe(true);
    expect(b.some(([p, q]) => p[0] === 2 && q[0] === 2)).toBe(true);
  });
  it('draw as one stroke where segments join', () => {
    const identity = { project: (lon: number, lat: number): [number, number] => [lon, lat] };
    expect(
      segmentsPath(
        [
          [[0, 0], [1, 0]],
          [[1, 0], [1, 1]],
          [[5, 5], [6, 5]],
        ],
        identity,
      ),
    ).toBe('M0.0,0.0L1.0,0.0L1.0,1.0M5.0,5.0L6.0,5.0');
  });
});

describe('labels', () => {
  const at = (key: string, x: number, y: number, text = '第1网格', px = 12) => ({ key, text, x, y, px });
  it('keep the first of two that would overlap, and any that stand apart', () => {
    // 第1网格 at 12 px is about 12 × 4 + 0.6 × 12 = 55 px wide, 15.6 px high.
    const kept = placeLabels([at('community', 100, 100, '红旗里社区', 14), at('a', 120, 104), at('b', 300, 100), at('c', 300, 130)], 1000, 600);
    expect(kept.map((l) => l.key)).toEqual(['community', 'b', 'c']);
  });
  it('leave out those that would run off the screen', () => {
    expect(placeLabels([at('edge', 10, 100), at('bottom', 500, 598), at('inside', 500, 300)], 1000, 600).map((l) => l.key)).toEqual(['inside']);
  });
});

describe('cases per grid', () => {
  const g1 = '130302001001001';
  const g2 = '130302001001002';
  const cases = [bc({ grid: g1 }), bc({ grid: g2, overdue: true, escalation: 1 }), bc({ grid: g1, state: 'reported' }), bc({ grid: null })];

  it('are grouped by grid, those outside every grid under the empty code', () => {
    const by = casesByGrid(cases);
    expect(by.get(g1)?.length).toBe(2);
    expect(by.get(g2)?.length).toBe(1);
    expect(by.get('')?.length).toBe(1);
  });
  it('shade a grid red when one is late, blue when some are open', () => {
    const by = casesByGrid(cases);
    expect(gridTone(by.get(g1))).toBe('open');
    expect(gridTone(by.get(g2))).toBe('overdue');
    expect(gridTone(by.get('130302001001009'))).toBe('quiet');
  });
  it('are counted by tone', () => {
    expect(toneCounts(cases)).toEqual({ reported: 1, accepted: 0, working: 2, resolved: 0, overdue: 1 });
  });
  it('list the late first, most escalated then earliest due, then the newest', () => {
    const old = bc({ reported_at: 10 });
    const recent = bc({ reported_at: 99 });
    const lateLow = bc({ overdue: true, escalation: 1, due_at: 5 });
    const lateHigh = bc({ overdue: true, escalation: 2, due_at: 50 });
    const lateLowEarlier = bc({ overdue: true, escalation: 1, due_at: 2 });
    expect(gridCaseOrder([old, lateLow, recent, lateHigh, lateLowEarlier]).map((c) => c.id)).toEqual([lateHigh.id, lateLowEarlier.id, lateLow.id, recent.id, old.id]);
  });
});

describe('the escalation list', () => {
  it('puts the district first, then the longest overdue', () => {
    const street = bc({ escalation: 2, due_at: 100 });
    const district = bc({ escalation: 3, due_at: 900 });
    const streetOlder = bc({ escalation: 2, due_at: 50 });
    const community = bc({ escalation: 1, due_at: 1 });
    expect(escalationOrder([community, street, district, streetOlder]).map((c) => c.id)).toEqual([district.id, streetOlder.id, street.id, community.id]);
  });
});

describe('the warnings beside the map', () => {
  it('put a deadline about to pass first, then the largest counts, and stop at the limit', () => {
    const ws = [
      { kind: 'no_patrol' as const, count: 0, id: 'np' },
      { kind: 'repeated' as const, count: 3, id: 'r3' },
      { kind: 'due_soon' as const, count: 1, id: 'd1' },
      { kind: 'repeated' as const, count: 7, id: 'r7' },
      { kind: 'rising' as const, count: 9, id: 'up' },
    ];
    expect(boardWarnings(ws, 10).shown.map((w) => w.id)).toEqual(['d1', 'r7', 'r3', 'up', 'np']);
    const cut = boardWarnings(ws, 2);
    expect(cut.shown.map((w) => w.id)).toEqual(['d1', 'r7']);
    expect(cut.more).toBe(3);
  });
});

describe("today's rates", () => {
  it('the one-hour response is the share of today’s reports accepted within the hour', () => {
    expect(oneHourRate({ reported: 8, accepted_within_hour: 6 })).toBe(75);
    expect(oneHourRate({ reported: 0, accepted_within_hour: 0 })).toBeNull();
  });
  it('never says more than all', () => {
    expect(percent(5, 4)).toBe(100);
    expect(percent(1, 3)).toBe(33);
  });
});

describe('the live refresh', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reads once after a burst of sync events', async () => {
    vi.useFakeTimers();
    const run = vi.fn(async () => {});
    const d = debounced(run, 1000);
    d.trigger();
    await vi.advanceTimersByTimeAsync(500);
    d.trigger();
    d.trigger();
    await vi.advanceTimersByTimeAsync(999);
    expect(run).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('reads again once after a read that events arrived during, never two at once', async () => {
    vi.useFakeTimers();
    let inFlight = 0;
    let most = 0;
    let finish: (() => void) | null = null;
    const run = vi.fn(
      () =>
        new Promise<void>((resolve) => {
          inFlight += 1;
          most = Math.max(most, inFlight);
          finish = () => {
            inFlight -= 1;
            resolve();
          };
        }),
    );
    const d = debounced(run, 100);
    d.trigger();
    await vi.advanceTimersByTimeAsync(100);
    expect(run).toHaveBeenCalledTimes(1);
    // Two events while the first read is out: they wait for it.
    d.trigger();
    await vi.advanceTimersByTimeAsync(100);
    d.trigger();
    await vi.advanceTimersByTimeAsync(100);
    expect(run).toHaveBeenCalledTimes(1);
    (finish as (() => void) | null)?.();
    await vi.advanceTimersByTimeAsync(100);
    expect(run).toHaveBeenCalledTimes(2);
    (finish as (() => void) | null)?.();
    await vi.advanceTimersByTimeAsync(1000);
    expect(run).toHaveBeenCalledTimes(2);
    expect(most).toBe(1);
  });

  it('does nothing once cancelled', async () => {
    vi.useFakeTimers();
    const run = vi.fn(async () => {});
    const d = debounced(run, 100);
    d.trigger();
    d.cancel();
    d.trigger();
    await vi.advanceTimersByTimeAsync(1000);
    expect(run).not.toHaveBeenCalled();
  });
});
