import { describe, expect, it } from 'vitest';
import { translator } from '../i18n/dictionary';
import { deadlineView, formatDuration, fromDateTimeLocal, isOverdue, relativeTime, sortByDeadline, toDateTimeLocal } from './deadline';

const zh = translator('zh');
const en = translator('en');
const MIN = 60_000;
const H = 60 * MIN;
const D = 24 * H;
const NOW = Date.UTC(2026, 4, 10, 8, 0, 0);

function c(id: string, due: number | null, overdue = false, reported = NOW - H) {
  return { id, due_at: due, overdue, reported_at: reported };
}

describe('formatDuration', () => {
  it('shows minutes under an hour, at least one minute', () => {
    expect(formatDuration(45 * MIN, zh)).toBe('45分钟');
    expect(formatDuration(10_000, en)).toBe('1 min');
  });
  it('shows hours and minutes under a day', () => {
    expect(formatDuration(2 * H + 15 * MIN, zh)).toBe('2小时15分');
    expect(formatDuration(3 * H, en)).toBe('3 h');
  });
  it('shows days and hours beyond a day', () => {
    expect(formatDuration(D + 2 * H + 59 * MIN, zh)).toBe('1天2小时');
    expect(formatDuration(3 * D, en)).toBe('3 d');
  });
  it('uses the magnitude of negative durations', () => {
    expect(formatDuration(-(2 * H + 5 * MIN), en)).toBe('2 h 5 min');
  });
});

describe('deadlineView', () => {
  it('marks a past deadline overdue with the time over', () => {
    const v = deadlineView(c('a', NOW - (2 * H + 29 * MIN)), NOW, zh);
    expect(v).toEqual({ tone: 'overdue', text: '已超时 2小时29分' });
  });
  it('trusts the engine’s overdue flag even before the local clock passes the deadline', () => {
    expect(deadlineView(c('a', NOW + 10 * MIN, true), NOW, en).tone).toBe('overdue');
  });
  it('calls a deadline within two hours soon, later ones ok', () => {
    expect(deadlineView(c('a', NOW + 90 * MIN), NOW, en)).toEqual({ tone: 'soon', text: '1 h 30 min left' });
    expect(deadlineView(c('a', NOW + 26 * H), NOW, zh)).toEqual({ tone: 'ok', text: '剩余 1天2小时' });
  });
  it('says when there is no deadline', () => {
    expect(deadlineView(c('a', null), NOW, en)).toEqual({ tone: 'none', text: 'No deadline' });
    expect(deadlineView(c('a', null, true), NOW, zh).tone).toBe('overdue');
  });
});

describe('sortByDeadline', () => {
  it('puts overdue first (most overdue on top), then nearest deadline, then no deadline', () => {
    const tasks = [
      c('none', null),
      c('later', NOW + 5 * H),
      c('over-little', NOW - 10 * MIN),
      c('soon', NOW + 30 * MIN),
      c('over-much', NOW - 3 * D),
      c('flagged', NOW + 2 * H, true),
    ];
    expect(sortByDeadline(tasks, NOW).map((t) => t.id)).toEqual(['over-much', 'over-little', 'flagged', 'soon', 'later', 'none']);
  });
  it('orders equal deadlines by report time and does not change its input', () => {
    const tasks = [c('b', null, false, NOW - H), c('a', null, false, NOW - 2 * H)];
    expect(sortByDeadline(tasks, NOW).map((t) => t.id)).toEqual(['a', 'b']);
    expect(tasks.map((t) => t.id)).toEqual(['b', 'a']);
  });
  it('agrees with isOverdue', () => {
    expect(isOverdue(c('x', NOW - 1), NOW)).toBe(true);
    expect(isOverdue(c('x', NOW + 1), NOW)).toBe(false);
  });
});

describe('relative and local times', () => {
  it('says how long ago', () => {
    expect(relativeTime(NOW - 20_000, NOW, zh, 'zh')).toBe('刚刚');
    expect(relativeTime(NOW - 5 * MIN, NOW, en, 'en')).toBe('5 min ago');
    expect(relativeTime(NOW - 3 * H, NOW, zh, 'zh')).toBe('3小时前');
    expect(relativeTime(NOW - 3 * D, NOW, en, 'en')).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  });
  it('round-trips datetime-local values to the minute', () => {
    const at = new Date(2026, 4, 10, 17, 45).getTime();
    expect(toDateTimeLocal(at)).toBe('2026-05-10T17:45');
    expect(fromDateTimeLocal('2026-05-10T17:45')).toBe(at);
    expect(fromDateTimeLocal('')).toBeNull();
    expect(fromDateTimeLocal('tomorrow')).toBeNull();
  });
});
