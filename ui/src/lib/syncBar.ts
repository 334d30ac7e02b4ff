// What the sync bar says: one tone, a title and a detail line from the engine's SyncStatus.

import type { Millis, SyncStatus } from '../api/types';
import type { Translate } from '../i18n/dictionary';
import { relativeTime } from './deadline';

export type SyncTone = 'ok' | 'busy' | 'pending' | 'offline' | 'error';

export interface SyncBarView {
  tone: SyncTone;
  title: string;
  detail: string;
  /** 0..1 while sending, else null. */
  progress: number | null;
  rejected: number;
  /** Photos the server refused every time (too large, broken): kept on the device, not sent. */
  photosRefused: number;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

function queuedText(s: SyncStatus, t: Translate): string {
  if (s.queued === 0) return t('sync.nothingQueued');
  return s.queued_photos > 0
    ? t('sync.queuedWithPhotos', { n: s.queued, p: s.queued_photos, size: formatBytes(s.queued_bytes) })
    : t('sync.queued', { n: s.queued });
}

function lastSyncText(s: SyncStatus, now: Millis, t: Translate, lang: string): string {
  return s.last_sync_at === null
    ? t('sync.neverSynced')
    : t('sync.lastSync', { when: relativeTime(s.last_sync_at, now, t, lang) });
}

export function syncBarView(s: SyncStatus, now: Millis, t: Translate, lang: string): SyncBarView {
  const rejected = s.rejected.length;
  const base = { rejected, photosRefused: s.photos_refused };
  switch (s.state) {
    case 'syncing': {
      const p = s.progress;
      let progress: number | null = null;
      let detail = queuedText(s, t);
      if (p) {
        progress = p.bytes_total > 0 ? p.bytes_done / p.bytes_total : p.items_total > 0 ? p.items_done / p.items_total : 0;
        progress = Math.min(1, Math.max(0, progress));
        detail = t('sync.progress', { done: p.items_done, total: p.items_total });
        if (p.bytes_total > 0) detail += ` · ${formatBytes(p.bytes_done)} / ${formatBytes(p.bytes_total)}`;
      }
      return { ...base, tone: 'busy', title: t('sync.syncing'), detail, progress };
    }
    case 'offline':
      return {
        ...base,
        tone: 'offline',
        title: t('sync.offline'),
        detail: `${queuedText(s, t)} · ${lastSyncText(s, now, t, lang)}`,
        progress: null,
      };
    case 'error':
      return {
        ...base,
        tone: 'error',
        title: t('sync.error', { reason: s.reason ?? t('sync.unknownReason') }),
        detail: `${queuedText(s, t)} · ${lastSyncText(s, now, t, lang)}`,
        progress: null,
      };
    case 'signed_out':
      // Shown only for the moment before the sign-in screen replaces the bar.
      return {
        ...base,
        tone: 'error',
        title: t('sync.signedOut', { reason: s.reason ?? t('sync.unknownReason') }),
        detail: queuedText(s, t),
        progress: null,
      };
    case 'idle':
    default:
      return {
        ...base,
        tone: s.queued > 0 ? 'pending' : 'ok',
        title: s.queued > 0 ? queuedText(s, t) : t('sync.upToDate'),
        detail: lastSyncText(s, now, t, lang),
        progress: null,
      };
  }
}
