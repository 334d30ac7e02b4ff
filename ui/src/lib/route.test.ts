import { describe, expect, it } from 'vitest';
import { formatRoute, isDeskRoute, parseRoute, type Route } from './route';
import { handlesTasks, maySwitchTo, sideOf, walksGrids } from './roles';
import { isAcknowledged, nextTaskActions } from './caseState';

describe('routes', () => {
  it('round-trip through the hash', () => {
    const routes: Route[] = [{ name: 'home' }, { name: 'capture' }, { name: 'task', id: 'HG 2026/7' }, { name: 'review' }, { name: 'kpis' }, { name: 'placards' }, { name: 'people' }, { name: 'gridmap' }, { name: 'categories' }, { name: 'imports' }, { name: 'devices' }, { name: 'audit' }];
    for (const r of routes) expect(parseRoute(formatRoute(r))).toEqual(r);
  });
  it('reject unknown paths', () => {
    expect(parseRoute('')).toBeNull();
    expect(parseRoute('#/nowhere')).toBeNull();
    expect(parseRoute('#/task')).toBeNull();
    expect(parseRoute('#/desk/home')).toBeNull();
  });
  it('know which screens are the desk’s', () => {
    expect(isDeskRoute({ name: 'verify' })).toBe(true);
    expect(isDeskRoute({ name: 'imports' })).toBe(true);
    expect(isDeskRoute({ name: 'warnings' })).toBe(true);
    expect(parseRoute('#/desk/warnings')).toEqual({ name: 'warnings' });
    expect(formatRoute({ name: 'warnings' })).toBe('#/desk/warnings');
    expect(parseRoute('#/desk/board')).toEqual({ name: 'board' });
    expect(formatRoute({ name: 'board' })).toBe('#/desk/board');
    expect(isDeskRoute({ name: 'board' })).toBe(true);
    expect(isDeskRoute({ name: 'patrol' })).toBe(false);
  });
});

describe('roles', () => {
  it('send workers to the field side and dispatchers, commanders and admins to the desk', () => {
    expect(sideOf('full_time_grid_worker')).toBe('worker');
    expect(sideOf('part_time_grid_worker')).toBe('worker');
    expect(sideOf('information_reporter')).toBe('worker');
    expect(sideOf('community_dispatcher')).toBe('dispatcher');
    expect(sideOf('street_dispatcher')).toBe('dispatcher');
    expect(sideOf('district_commander')).toBe('dispatcher');
    expect(sideOf('administrator')).toBe('dispatcher');
  });
  it('let desk roles open the field view but not the other way round', () => {
    expect(maySwitchTo('community_dispatcher', 'worker')).toBe(true);
    expect(maySwitchTo('full_time_grid_worker', 'dispatcher')).toBe(false);
  });
  it('give tasks to grid workers only', () => {
    expect(handlesTasks('full_time_grid_worker')).toBe(true);
    expect(handlesTasks('information_reporter')).toBe(false);
    expect(handlesTasks('department_handler')).toBe(true);
    expect(walksGrids('department_handler')).toBe(false);
    expect(walksGrids('part_time_grid_worker')).toBe(true);
    expect(sideOf('department_handler')).toBe('worker');
  });
});

describe('task actions by state', () => {
  it('offer the next step of the loop', () => {
    expect(nextTaskActions('dispatched', false)).toEqual(['acknowledge', 'start', 'return']);
    expect(nextTaskActions('dispatched', true)).toEqual(['start', 'resolve', 'return']);
    expect(nextTaskActions('in_progress', true)).toEqual(['resolve', 'return']);
    expect(nextTaskActions('closed', true)).toEqual([]);
    expect(nextTaskActions('accepted', false)).toEqual([]);
  });
});

describe('isAcknowledged', () => {
  it('reads the latest acknowledgement since the last (re)dispatch from the audit', () => {
    expect(isAcknowledged([])).toBe(false);
    expect(isAcknowledged([{ action: 'report' }, { action: 'dispatch' }])).toBe(false);
    expect(isAcknowledged([{ action: 'dispatch' }, { action: 'acknowledge_task' }])).toBe(true);
    // rework: a failed verification sends the task back; it must be acknowledged again
    expect(isAcknowledged([{ action: 'acknowledge_task' }, { action: 'resolve' }, { action: 'verify' }])).toBe(false);
    expect(isAcknowledged([{ action: 'acknowledge_task' }, { action: 'reassign' }])).toBe(false);
  });
});

describe('building QR codes', () => {
  it('reads a building code with an optional unit', async () => {
    const { parseBuildingCode } = await import('../api/native');
    expect(parseBuildingCode('HG-B-0012')).toEqual({ building: 'HG-B-0012', unit: null });
    expect(parseBuildingCode(' HG-B-0012/2单元 ')).toEqual({ building: 'HG-B-0012', unit: '2单元' });
    expect(parseBuildingCode('HG-B-0012#3')).toEqual({ building: 'HG-B-0012', unit: '3' });
    expect(parseBuildingCode('')).toBeNull();
    expect(parseBuildingCode('a b')).toBeNull();
  });
});
