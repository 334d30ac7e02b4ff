// Which side of the app a role belongs to: field (worker) screens or desk (dispatcher) screens.

import type { Role } from '../api/types';

export type Side = 'worker' | 'dispatcher';

const DESK: readonly Role[] = ['community_dispatcher', 'street_dispatcher', 'district_commander', 'administrator'];

export function sideOf(role: Role): Side {
  return DESK.includes(role) ? 'dispatcher' : 'worker';
}

/** Grid workers walk their grids (patrols, 调整网格). */
export function walksGrids(role: Role): boolean {
  return role === 'full_time_grid_worker' || role === 'part_time_grid_worker';
}

/** Grid workers and department handlers are given tasks; reporters never are. */
export function handlesTasks(role: Role): boolean {
  return walksGrids(role) || role === 'department_handler';
}

/** Desk roles may also open the field view (to capture on their own); workers may not open the desk. */
export function maySwitchTo(role: Role, side: Side): boolean {
  return side === 'worker' || sideOf(role) === 'dispatcher';
}
