// Who is signed in, which side of the app is shown, the engine's sync status, and a clock
// that ticks every 30 s so deadlines and "last sync" stay current. A status saying the
// session ended (an administrator revoked this device) signs the window out at once.

import { api, inTauri, type MeInfo, type SyncStatus, type Unlisten } from '../api';
import { sideOf, maySwitchTo, type Side } from '../lib/roles';
import { endsSession } from '../lib/signIn';

const SIDE_KEY = 'wangge.side';

export const session = $state<{ me: MeInfo | null; side: Side; ready: boolean; sync: SyncStatus | null; now: number }>({
  me: null,
  side: 'worker',
  ready: false,
  sync: null,
  now: Date.now(),
});

setInterval(() => {
  session.now = Date.now();
}, 30_000);

let unlisten: Unlisten | null = null;

async function watchSync(): Promise<void> {
  if (!unlisten) {
    unlisten = await api.onSyncStatus((s) => {
      if (endsSession(s)) return ended();
      const synced = s.last_sync_at !== null && s.last_sync_at !== session.sync?.last_sync_at;
      session.sync = s;
      session.now = Date.now();
      // A sync may bring my grids and scope (the first one always does): read who I am again.
      if (synced && session.me) void refreshMe();
    });
  }
  const s = await api.syncStatus();
  // A status left from a session that ended before this one began says nothing of it.
  session.sync = endsSession(s) ? null : s;
}

/** The engine ended the session (it already forgot it): back to the sign-in screen. */
function ended(): void {
  if (!session.me) return;
  session.me = null;
  session.sync = null;
  unlisten?.();
  unlisten = null;
}

async function refreshMe(): Promise<void> {
  try {
    const me = await api.me();
    if (me && session.me && me.person_id === session.me.person_id) session.me = me;
  } catch {
    // keep what we have; the next sync tries again
  }
}

/** Whether this window may show a side: a browser has only the desk (field work is the app's). */
function mayShow(me: MeInfo, side: Side): boolean {
  return maySwitchTo(me.role, side) && (side === 'dispatcher' || inTauri());
}

function preferredSide(me: MeInfo): Side {
  const saved = localStorage.getItem(SIDE_KEY);
  if ((saved === 'worker' || saved === 'dispatcher') && mayShow(me, saved)) return saved;
  return sideOf(me.role);
}

export async function restore(): Promise<void> {
  try {
    const me = await api.me();
    session.me = me;
    if (me) {
      session.side = preferredSide(me);
      await watchSync();
    }
  } finally {
    session.ready = true;
  }
}

export async function signIn(server: string, username: string, password: string): Promise<MeInfo> {
  return signedIn(await api.login(server, username, password));
}

/** After a sign-in answered `password_change_required`: the person's own password replaces
 *  the one-time one, then they sign in with it, as `signIn`. */
export async function changePasswordAndSignIn(
  server: string,
  username: string,
  oneTime: string,
  newPassword: string,
): Promise<MeInfo> {
  await api.changePassword({ server, username, password: oneTime, new_password: newPassword });
  return signIn(server, username, newPassword);
}

/** How to enroll: the QR code's link or the bare code (with `server`), or a picture of it. */
export type EnrollWith = { code: string; server: string | null } | { image: Uint8Array };

/** Signs in with an enrollment code, no password; then as `signIn`. */
export async function enroll(how: EnrollWith): Promise<MeInfo> {
  const me = 'image' in how ? await api.enrollFromImage(how.image) : await api.enroll(how.code, how.server);
  return signedIn(me);
}

/** After a sign-in of either kind: who, which side, the sync status, and a first sync now. */
async function signedIn(me: MeInfo): Promise<MeInfo> {
  session.me = me;
  localStorage.removeItem(SIDE_KEY);
  session.side = sideOf(me.role);
  await watchSync().catch(() => undefined);
  // The first sync brings my grids, tasks and reference data: start it now rather than when
  // the background loop next wakes (it backs off while nobody is signed in).
  void api.syncNow().catch(() => undefined);
  return me;
}

export async function signOut(): Promise<void> {
  await api.logout();
  session.me = null;
  session.sync = null;
  unlisten?.();
  unlisten = null;
}

export function switchSide(side: Side): void {
  if (!session.me || !mayShow(session.me, side)) return;
  session.side = side;
  localStorage.setItem(SIDE_KEY, side);
}

export async function syncNow(): Promise<void> {
  const s = await api.syncNow();
  if (endsSession(s)) return ended();
  session.sync = s;
}
