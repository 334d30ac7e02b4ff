// 公示牌, the desk's 网格公示 placards: which communities a person may print for, the
// status chips and their colours, what changed in words, the status filter and which print
// is the call to action.

import type { AreaInfo, MeInfo, PlacardEntry, PlacardList, PlacardSelection, PlacardStatus } from '../api/types';
import { PLACARD_STATUSES } from '../api/types';
import type { MessageKey } from '../i18n/dictionary';

/** A community the person may print placards for. */
export interface CommunityChoice {
  code: string;
  /** Its name, or null when this device does not know it. */
  name: string | null;
  /** Its street's name, where known (for those who choose among several streets). */
  street: string | null;
}

/** The communities whose placards a person prints (the server checks again): a community
 *  dispatcher their own, a street dispatcher their street's, the commander and
 *  administrators every community this device has synced; in code order. */
export function placardCommunities(
  me: Pick<MeInfo, 'role' | 'community' | 'community_name' | 'street'>,
  areas: readonly AreaInfo[],
): CommunityChoice[] {
  const names = new Map(areas.map((a) => [a.code, a.name.trim() || null] as const));
  const choice = (code: string): CommunityChoice => ({
    code,
    name: names.get(code) ?? (code === me.community ? me.community_name : null),
    street: names.get(code.slice(0, 9)) ?? null,
  });
  const within = (prefix: string) =>
    areas
      .filter((a) => a.level === 'community' && a.code.startsWith(prefix))
      .map((a) => choice(a.code))
      .sort((a, b) => a.code.localeCompare(b.code));
  switch (me.role) {
    case 'community_dispatcher':
      return me.community ? [choice(me.community)] : [];
    case 'street_dispatcher':
      return me.street ? within(me.street) : [];
    case 'district_commander':
    case 'administrator':
      return within('');
    default:
      return [];
  }
}

/** A community as the chooser shows it: `红旗里社区（建设街道）`, its code when unnamed. */
export function communityText(c: CommunityChoice, showStreet: boolean): string {
  const name = c.name ?? c.code;
  return showStreet && c.street ? `${name}（${c.street}）` : name;
}

/** Each status's chip colour: the reprint red (the call to action), never printed amber,
 *  printed but not yet posted blue, posted and current green. */
export const STATUS_TONE: Record<PlacardStatus, 'danger' | 'warn' | 'info' | 'ok'> = {
  stale: 'danger',
  unprinted: 'warn',
  to_post: 'info',
  posted: 'ok',
};

/** The chips in the order the screen shows them: 未打印, 需重印, 待张贴, 已张贴. */
export const STATUS_ORDER: readonly PlacardStatus[] = PLACARD_STATUSES;

/** How many entrances a list has in `status`. */
export function countOf(list: Pick<PlacardList, 'unprinted' | 'stale' | 'to_post' | 'posted'>, status: PlacardStatus): number {
  return list[status];
}

/** What changed on a stale placard, by the server's name. */
const CHANGES: Record<string, MessageKey> = {
  workers: 'placards.changed.workers',
  grid: 'placards.changed.grid',
  boundary: 'placards.changed.boundary',
  entrance: 'placards.changed.entrance',
  community_contact: 'placards.changed.community_contact',
  address: 'placards.changed.address',
};

/** What changed, in words (a name this UI does not know shown as it came). */
export function changedText(changed: readonly string[] | undefined, t: (k: MessageKey) => string, sep = '、'): string {
  return (changed ?? []).map((c) => (CHANGES[c] ? t(CHANGES[c]) : c)).join(sep);
}

/** The status filter: one status, or every entrance. */
export type StatusFilter = PlacardStatus | 'all';

/** The entrances in `status` (all for `all`), in the list's order. */
export function filterEntries(entries: readonly PlacardEntry[], status: StatusFilter): PlacardEntry[] {
  return status === 'all' ? [...entries] : entries.filter((e) => e.status === status);
}

/** The print offered first: the reprint while any placard is stale, else the never printed
 *  ones; none when every placard is printed and current (printing all again is then a
 *  choice, not the thing to do). */
export function mainPrint(list: Pick<PlacardList, 'stale' | 'unprinted'>): Exclude<PlacardSelection, 'listed' | 'all'> | null {
  if (list.stale > 0) return 'stale';
  if (list.unprinted > 0) return 'unprinted';
  return null;
}

/** How many placards a print would give (0: the button is off). */
export function printCount(list: Pick<PlacardList, 'entries' | 'stale' | 'unprinted'>, which: Exclude<PlacardSelection, 'listed'>): number {
  switch (which) {
    case 'all':
      return list.entries.length;
    case 'stale':
      return list.stale;
    case 'unprinted':
      return list.unprinted;
  }
}
