import { describe, expect, it } from 'vitest';
import { formatMinutes, formatRate, isLowRate, rateFraction } from './kpi';

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
