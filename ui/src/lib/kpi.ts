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
