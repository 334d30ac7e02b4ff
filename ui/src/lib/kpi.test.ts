import { describe, expect, it } from 'vitest';
import { formatMinutes, formatRate, isLowRate, periodLabel, periodRange, rateFraction } from './kpi';

describe('KPI rates (percentages from the engine)', () => {
  it('turns percentages into bar fractions, clamped, keeping "nothing counts"', () => {
    expect(rateFraction(87.5)).toBe(0.875);
    expect(rateFraction(100)).toBe(1);
    expect(rateFraction(130)).toBe(1);
    expect(rateFraction(null)).toBeNull();
  });
  it('prints rates and minutes, with a dash when unknown', () => {
    expect(formatRate(87.54)).toBe('87.5%');
    expect(formatRate(null)).toBe('—');
    expect(formatMinutes(42.4)).toBe('42');
    expect(formatMinutes(null)).toBe('—');
  });
  it('marks low rates only when known', () => {
    expect(isLowRate(60)).toBe(true);
    expect(isLowRate(80)).toBe(false);
    expect(isLowRate(null)).toBe(false);
  });
});

describe('KPI periods (the person’s local calendar)', () => {
  const local = (y: number, m: number, d: number, h = 0, min = 0) => new Date(y, m - 1, d, h, min).getTime();
  it('本月 runs from the first of the month to the first of the next, whatever the day and hour', () => {
    expect(periodRange('this_month', new Date(2026, 11, 8, 14, 30))).toEqual({ from: local(2026, 12, 1), to: local(2027, 1, 1) });
    expect(periodRange('this_month', new Date(2026, 1, 1, 0, 0))).toEqual({ from: local(2026, 2, 1), to: local(2026, 3, 1) });
    expect(periodRange('this_month', new Date(2026, 2, 31, 23, 59))).toEqual({ from: local(2026, 3, 1), to: local(2026, 4, 1) });
  });
  it('上月 is the whole month before, January’s the December of the year before', () => {
    expect(periodRange('last_month', new Date(2026, 11, 8))).toEqual({ from: local(2026, 11, 1), to: local(2026, 12, 1) });
    expect(periodRange('last_month', new Date(2027, 0, 15, 9))).toEqual({ from: local(2026, 12, 1), to: local(2027, 1, 1) });
    // March's last month is February, 28 days in 2026, 29 in 2028.
    expect(periodRange('last_month', new Date(2026, 2, 31))).toEqual({ from: local(2026, 2, 1), to: local(2026, 3, 1) });
    const leap = periodRange('last_month', new Date(2028, 2, 1));
    expect(periodLabel(leap, 'en')).toBe('2028-02-01 – 2028-02-29');
  });
  it('近7天 is today and the six days before, from midnight to the next midnight, across a month and a year', () => {
    expect(periodRange('last_7_days', new Date(2026, 11, 8, 14, 30))).toEqual({ from: local(2026, 12, 2), to: local(2026, 12, 9) });
    expect(periodRange('last_7_days', new Date(2027, 0, 3, 8))).toEqual({ from: local(2026, 12, 28), to: local(2027, 1, 4) });
    expect(periodRange('last_7_days', new Date(2026, 2, 2))).toEqual({ from: local(2026, 2, 24), to: local(2026, 3, 3) });
  });
  it('全部 is open at both ends', () => {
    expect(periodRange('all', new Date(2026, 11, 8))).toEqual({ from: null, to: null });
  });
  it('a period made now holds now', () => {
    const now = new Date();
    for (const p of ['this_month', 'last_7_days'] as const) {
      const { from, to } = periodRange(p, now);
      expect(from! <= now.getTime() && now.getTime() < to!, p).toBe(true);
    }
  });
  it('names the first and the last day of the period for the title', () => {
    const dec = periodRange('this_month', new Date(2026, 11, 8));
    expect(periodLabel(dec, 'zh')).toBe('2026年12月1日 至 12月31日');
    expect(periodLabel(dec, 'en')).toBe('2026-12-01 – 2026-12-31');
    const turn = periodRange('last_7_days', new Date(2027, 0, 3));
    expect(periodLabel(turn, 'zh')).toBe('2026年12月28日 至 2027年1月3日');
    expect(periodLabel({ from: null, to: null }, 'zh')).toBeNull();
  });
});
