// Possible duplicates of a case shown on the desk: the nearby open cases of the same
// category, without the case itself (it is always nearest to its own location) and each
// case once, in the order given (nearest first).

/** The nearby cases that may duplicate case `selfId`. */
export function duplicateCandidates<T extends { id: string }>(nearby: readonly T[], selfId: string): T[] {
  const seen = new Set<string>([selfId]);
  return nearby.filter((c) => {
    if (seen.has(c.id)) return false;
    seen.add(c.id);
    return true;
  });
}
