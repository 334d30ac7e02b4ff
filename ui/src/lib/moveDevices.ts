// 调整网格 and 设备: the move dialog's grid codes (typed or picked, checked before sending),
// the grid pick list's search, and the devices screen's search.

import type { DeviceInfo, GridInfo } from '../api/types';

/** A grid code has 15 digits. */
const GRID_CODE = /^\d{15}$/;

/** Typed grid codes: split on spaces, commas or semicolons (ASCII or full-width, 、 too),
 *  duplicates dropped in order; `bad` holds what is not a 15-digit code. */
export function parseGridCodes(text: string): { codes: string[]; bad: string[] } {
  const codes: string[] = [];
  const bad: string[] = [];
  for (const part of text.split(/[\s,;，；、]+/)) {
    if (part === '') continue;
    if (!GRID_CODE.test(part)) bad.push(part);
    else if (!codes.includes(part)) codes.push(part);
  }
  return { codes, bad };
}

/** The chosen codes as the text field shows them. */
export function gridCodesText(codes: readonly string[]): string {
  return codes.join('; ');
}

/** Adds or removes one code from the typed text, keeping the other codes (and bad parts, so
 *  the administrator sees them) in order. */
export function toggleGridCode(text: string, code: string): string {
  const parts = text.split(/[\s,;，；、]+/).filter((p) => p !== '');
  const next = parts.includes(code) ? parts.filter((p) => p !== code) : [...parts, code];
  return gridCodesText(next);
}

/** Grids matching a search by code or name (every grid for a blank search), by code. */
export function searchGrids(grids: readonly GridInfo[], q: string): GridInfo[] {
  const needle = q.trim().toLowerCase();
  return grids
    .filter((g) => needle === '' || g.code.includes(needle) || g.name.toLowerCase().includes(needle))
    .slice()
    .sort((a, b) => a.code.localeCompare(b.code));
}

/** Whether a device matches a search by its person (name or user name) or its name. */
export function matchesDevice(d: DeviceInfo, q: string): boolean {
  const needle = q.trim().toLowerCase();
  if (needle === '') return true;
  return [d.person_name, d.username, d.name].some((s) => s.toLowerCase().includes(needle));
}
