import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../api/types';
import { translator } from '../i18n/dictionary';
import { formatBytes, syncBarView } from './syncBar';

const zh = translator('zh');
const en = translator('en');
const NOW = Date.UTC(2026, 4, 10, 8, 0, 0);

function status(over: Partial<SyncStatus>): SyncStatus {
  return { state: 'idle', reason: null, queued: 0, queued_photos: 0, queued_bytes: 0, photos_refused: 0, progress: null, last_sync_at: NOW - 3 * 60_000, rejected: [], ...over };
}

describe('syncBarView', () => {
  it('is calm when everything is sent', () => {
    expect(syncBarView(status({}), NOW, zh, 'zh')).toEqual({ tone: 'ok', title: '已同步', detail: '上次同步 3分钟前', progress: null, rejected: 0, photosRefused: 0 });
  });
  it('counts what waits to be sent, with photos and size', () => {
    const v = syncBarView(status({ queued: 2, queued_photos: 3, queued_bytes: 915_000 }), NOW, en, 'en');
    expect(v.tone).toBe('pending');
    expect(v.title).toBe('2 waiting to send (3 photos, 894 KB)');
  });
  it('shows progress while sending, by bytes when known', () => {
    const v = syncBarView(status({ state: 'syncing', queued: 4, progress: { items_done: 1, items_total: 4, bytes_done: 250_000, bytes_total: 1_000_000 } }), NOW, zh, 'zh');
    expect(v.tone).toBe('busy');
    expect(v.progress).toBeCloseTo(0.25, 9);
    expect(v.detail).toBe('已发送 1/4 · 244 KB / 977 KB');
  });
  it('falls back to item progress without byte counts', () => {
    const v = syncBarView(status({ state: 'syncing', progress: { items_done: 3, items_total: 4, bytes_done: 0, bytes_total: 0 } }), NOW, en, 'en');
    expect(v.progress).toBeCloseTo(0.75, 9);
    expect(v.detail).toBe('Sent 3/4');
  });
  it('says offline, what is kept on the device and when it last synced', () => {
    const v = syncBarView(status({ state: 'offline', queued: 1, last_sync_at: NOW - 2 * 3_600_000 }), NOW, zh, 'zh');
    expect(v.tone).toBe('offline');
    expect(v.title).toBe('离线 · 数据已保存在本机');
    expect(v.detail).toBe('1 条待上传 · 上次同步 2小时前');
  });
  it('gives the reason of an error, or says it is unknown', () => {
    expect(syncBarView(status({ state: 'error', reason: 'HTTP 503' }), NOW, en, 'en').title).toBe('Sync failed: HTTP 503');
    expect(syncBarView(status({ state: 'error', last_sync_at: null }), NOW, zh, 'zh')).toMatchObject({ title: '同步失败：未知原因', detail: '无待上传 · 尚未同步' });
  });
  it('says the session ended, with the administrator’s reason', () => {
    expect(syncBarView(status({ state: 'signed_out', reason: '调离本网格' }), NOW, zh, 'zh')).toMatchObject({ tone: 'error', title: '已退出登录：调离本网格' });
    expect(syncBarView(status({ state: 'signed_out' }), NOW, en, 'en').title).toBe('Signed out: unknown reason');
  });
  it('counts photos the server refused, in any state', () => {
    expect(syncBarView(status({ photos_refused: 2 }), NOW, zh, 'zh').photosRefused).toBe(2);
    expect(syncBarView(status({ state: 'syncing', photos_refused: 1 }), NOW, en, 'en').photosRefused).toBe(1);
    expect(translator('zh')('sync.photosRefused', { n: 2 })).toBe('2 张照片被服务器拒收');
    expect(translator('en')('sync.photosRefused', { n: 2 })).toBe('2 photos refused by the server');
  });
  it('counts rejected items in any state', () => {
    const rejected = [{ mid: 7, name: 'task_act', reason: 'already closed', at: NOW }];
    expect(syncBarView(status({ rejected }), NOW, en, 'en').rejected).toBe(1);
    expect(syncBarView(status({ state: 'offline', rejected }), NOW, en, 'en').rejected).toBe(1);
  });
});

describe('formatBytes', () => {
  it('picks a readable unit', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(300 * 1024)).toBe('300 KB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MB');
  });
});
