// KPI rates as the engine sends them (percentages, null when nothing counts yet), turned into
// what the charts and the table show.

/** The target rate (percent) the charts mark and below which a cell shows as low. */
export const TARGET_PERCENT = 90;
export const LOW_PERCENT = 75;

/** 0..1 for a bar; null stays null (no bar). */
export function rateFraction(percent: number | null): number | null {
  if (percent === null || !Number.isFinite(percent)) return null;
  return Math.max(0, Math.min(1, percent / 100));
}

/** "87.5%", or "—" when nothing counts. */
export function formatRate(percent: number | null): string {
  return percent === null || !Number.isFinite(percent) ? '—' : `${percent.toFixed(1)}%`;
}

export function isLowRate(percent: number | null): boolean {
  return percent !== null && percent < LOW_PERCENT;
}

/** Minutes, or "—" when the server does not report them. */
export function formatMinutes(min: number | null): string {
  return min === null || !Number.isFinite(min) ? '—' : min.toFixed(0);
}

/** The periods the KPI screen counts over, in the person's local calendar: 本月 (the default:
 *  考核 is monthly), 上月, 近7天 (today and the six days before) and 全部. */
export const KPI_PERIODS = ['this_month', 'last_month', 'last_7_days', 'all'] as const;
export type KpiPeriod = (typeof KPI_PERIODS)[number];

/** A half-open period `[from, to)` in unix ms; null is open (the beginning or the end of time). */
export interface PeriodRange {
  from: number | null;
  to: number | null;
}

/** The period's `[from, to)` as of `now`, from and to local midnights (`new Date(y, m, d)`
 *  rolls months and years over and keeps to local time across daylight saving). */
export function periodRange(period: KpiPeriod, now: Date): PeriodRange {
  const y = now.getFullYear();
  const m = now.getMonth();
  const d = now.getDate();
  switch (period) {
    case 'this_month':
      return { from: new Date(y, m, 1).getTime(), to: new Date(y, m + 1, 1).getTime() };
    case 'last_month':
      return { from: new Date(y, m - 1, 1).getTime(), to: new Date(y, m, 1).getTime() };
    case 'last_7_days':
      return { from: new Date(y, m, d - 6).getTime(), to: new Date(y, m, d + 1).getTime() };
    case 'all':
      return { from: null, to: null };
  }
}

/** The period's days for the title: "2026年12月1日 至 12月31日" / "2026-12-01 – 2026-12-31"
 *  (the last day is the one before `to`); null when the period is open. */
export function periodLabel(range: PeriodRange, lang: string): string | null {
  if (range.from === null || range.to === null) return null;
  const first = new Date(range.from);
  const end = new Date(range.to);
  const last = new Date(end.getFullYear(), end.getMonth(), end.getDate() - 1);
  const pad = (n: number) => String(n).padStart(2, '0');
  if (lang === 'zh') {
    const day = (x: Date, year: boolean) => `${year ? `${x.getFullYear()}年` : ''}${x.getMonth() + 1}月${x.getDate()}日`;
    return `${day(first, true)} 至 ${day(last, last.getFullYear() !== first.getFullYear())}`;
  }
  const day = (x: Date) => `${x.getFullYear()}-${pad(x.getMonth() + 1)}-${pad(x.getDate())}`;
  return `${day(first)} – ${day(last)}`;
}
