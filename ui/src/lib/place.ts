// Where a signed-in person works, as shown under their name: the community and the street by
// name once the areas are synced, by code before that.

import type { MeInfo } from '../api';

type Place = Pick<MeInfo, 'community' | 'community_name' | 'street' | 'street_name'>;

/** The community, then the street, by name where known (`sep` between them). */
export function placeOf(me: Place, sep = ' · '): string {
  return [me.community_name ?? me.community, me.street_name ?? me.street].filter(Boolean).join(sep);
}
