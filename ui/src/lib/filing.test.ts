import { describe, expect, it } from 'vitest';
import type { CaseSummary, DeskCase, Source } from '../api/types';
import { translator } from '../i18n/dictionary';
import { type CaseForm, SOURCE_LABEL, externalRefOf, filterBySource, sourceOf, caseProblems, newCase, newTasks, parseCoord, parseDue, taskProblems, toggleGrid } from './filing';

const NOW = new Date('2026-12-07T10:00').getTime();
const form = (over: Partial<CaseForm> = {}): CaseForm => ({
  source: 'hotline',
  category: '0101',
  lon: '119.6',
  lat: '39.93',
  address: ' 文化路14号 ',
  description: ' 井盖缺失 ',
  externalRef: ' 12345-0001 ',
  worker: null,
  due: '',
  ...over,
});

describe('受理来电', () => {
  it('reads typed coordinates and deadlines', () => {
    expect(parseCoord(' 119,6 ', 180)).toBe(119.6);
    expect(parseCoord('-39.5', 90)).toBe(-39.5);
    expect(parseCoord('91', 90)).toBeNull();
    expect(parseCoord('abc', 180)).toBeNull();
    expect(parseCoord('', 180)).toBeNull();
    expect(parseDue('')).toBeNull();
    expect(parseDue('2026-12-08T09:30')).toBe(new Date('2026-12-08T09:30').getTime());
  });

  it('names what is missing: a hotline case needs its 12345 ticket number', () => {
    expect(caseProblems(form(), NOW)).toEqual([]);
    expect(caseProblems(form({ externalRef: ' ' }), NOW)).toEqual(['filing.needTicket']);
    expect(caseProblems(form({ source: 'desk', externalRef: '' }), NOW)).toEqual([]);
    expect(caseProblems(form({ category: null, lon: '', description: ' ', due: '2026-12-07T09:00' }), NOW)).toEqual([
      'filing.needCategory',
      'filing.needPoint',
      'filing.needDescription',
      'filing.badDue',
    ]);
  });

  it('sends the form trimmed, as the server reads it', () => {
    expect(newCase(form({ worker: 'p1', due: '2026-12-08T09:30' }))).toEqual({
      id: null,
      source: 'hotline',
      category: '0101',
      priority: null,
      lon: 119.6,
      lat: 39.93,
      address: '文化路14号',
      description: '井盖缺失',
      external_ref: '12345-0001',
      worker: 'p1',
      due_at: new Date('2026-12-08T09:30').getTime(),
    });
    expect(newCase(form({ source: 'desk', externalRef: '' })).external_ref).toBeNull();
  });

  it('labels every source in both languages', () => {
    const zh = translator('zh');
    expect((['app', 'desk', 'hotline', 'open311', 'task'] as const).map((s) => zh(SOURCE_LABEL[s]))).toEqual([
      '随手拍',
      '窗口受理',
      '12345热线',
      'Open311',
      '上级任务',
    ]);
    expect(translator('en')(SOURCE_LABEL.hotline)).toBe('12345 hotline');
  });
});

describe('下发任务', () => {
  it('needs grids, a category and a description', () => {
    const f = { grids: ['130302001001001'], category: '0101', description: ' 巡查 ', due: '' };
    expect(taskProblems(f, NOW)).toEqual([]);
    expect(taskProblems({ ...f, grids: [], category: null, description: '' }, NOW)).toEqual([
      'filing.needGrids',
      'filing.needCategory',
      'filing.needDescription',
    ]);
    expect(newTasks({ ...f, grids: ['a', 'b', 'a'] })).toEqual({ grids: ['a', 'b'], category: '0101', description: '巡查', due_at: null });
  });

  it('toggles grids in and out of the choice', () => {
    expect(toggleGrid([], 'a')).toEqual(['a']);
    expect(toggleGrid(['a', 'b'], 'a')).toEqual(['b']);
  });
});

describe('case sources', () => {
  const base = { id: 'c1', description: '' } as unknown as CaseSummary;
  const desk = (source: Source, external_ref: string | null = null) => ({ ...base, source, external_ref }) as DeskCase;
  it('are read from the desk lists only', () => {
    expect(sourceOf(base)).toBeNull();
    expect(sourceOf(desk('hotline', '12345-1'))).toBe('hotline');
    expect(externalRefOf(desk('hotline', '12345-1'))).toBe('12345-1');
    expect(externalRefOf(desk('app', ''))).toBeNull();
    expect(externalRefOf(base)).toBeNull();
  });
  it('filter a list', () => {
    const list = [desk('app'), desk('hotline'), desk('task')];
    expect(filterBySource(list, 'all')).toHaveLength(3);
    expect(filterBySource(list, 'hotline').map(sourceOf)).toEqual(['hotline']);
    expect(filterBySource(list, 'open311')).toEqual([]);
  });
});
