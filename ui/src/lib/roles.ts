// Which side of the app a role belongs to: field (worker) screens or desk (dispatcher) screens.

import type { Role } from '../api/types';

export type Side = 'worker' | 'dispatcher';

const DESK: readonly Role[] = ['community_dispatcher', 'street_dispatcher', 'district_commander', 'administrator'];

export function sideOf(role: Role): Side {
  return DESK.includes(role) ? 'dispatcher' : 'worker';
}

/** Only reporters never get tasks or patrols. */
export function handlesTasks(role: Role): boolean {
  return role === 'full_time_grid_worker' || role === 'part_time_grid_worker';
}

/** Desk roles may also open the field view (to capture on their own); workers may not open the desk. */
export function maySwitchTo(role: Role, side: Side): boolean {
  return side === 'worker' || sideOf(role) === 'dispatcher';
}
