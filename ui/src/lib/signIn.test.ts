import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../api/types';
import { translator } from '../i18n/dictionary';
import { endedNotice, endsSession, enrollInput, enrollRequest, needsServer, newPasswordProblem } from './signIn';

const LINK = 'wangge://enroll?server=https%3A%2F%2Fwg.haigang.cn&code=7Qk2mV9x';

describe('enrollInput', () => {
  it('reads the link with the server it names', () => {
    expect(enrollInput(`  ${LINK}\n`)).toEqual({ kind: 'link', server: 'https://wg.haigang.cn' });
    expect(enrollInput('wangge://enroll?code=abc')).toEqual({ kind: 'link', server: null });
  });
  it('tells a bare code from text that is neither', () => {
    expect(enrollInput('7Qk2mV9x')).toEqual({ kind: 'code' });
    expect(enrollInput('   ')).toEqual({ kind: 'empty' });
    expect(enrollInput('请扫码 登记')).toEqual({ kind: 'invalid' });
    expect(enrollInput('wangge://enroll?server=x')).toEqual({ kind: 'invalid' });
  });
  it('needs the server field for a bare code or a link without one', () => {
    expect(needsServer(enrollInput(LINK))).toBe(false);
    expect(needsServer(enrollInput('wangge://enroll?code=abc'))).toBe(true);
    expect(needsServer(enrollInput('abc'))).toBe(true);
    expect(needsServer(enrollInput(''))).toBe(false);
  });
});

describe('enrollRequest', () => {
  it('sends a link alone: its own server wins over an old one in the field', () => {
    expect(enrollRequest(` ${LINK} `, 'https://old.example')).toEqual({ ok: true, code: LINK, server: null });
  });
  it('sends a bare code with the server field', () => {
    expect(enrollRequest('abc', ' https://wg.haigang.cn ')).toEqual({ ok: true, code: 'abc', server: 'https://wg.haigang.cn' });
    expect(enrollRequest('abc', '')).toEqual({ ok: false, problem: 'needServer' });
    expect(enrollRequest('wangge://enroll?code=abc', 'https://s')).toEqual({ ok: true, code: 'wangge://enroll?code=abc', server: 'https://s' });
  });
  it('says what is missing or wrong', () => {
    expect(enrollRequest('', 'https://s')).toEqual({ ok: false, problem: 'missing' });
    expect(enrollRequest('two words', 'https://s')).toEqual({ ok: false, problem: 'invalid' });
  });
});

describe('the end of a session', () => {
  const status = (state: SyncStatus['state']): SyncStatus => ({ state, reason: null, queued: 0, queued_photos: 0, queued_bytes: 0, photos_refused: 0, progress: null, last_sync_at: null, rejected: [] });
  it('comes with the signed_out status only', () => {
    expect(endsSession(status('signed_out'))).toBe(true);
    for (const s of ['idle', 'syncing', 'offline', 'error'] as const) expect(endsSession(status(s))).toBe(false);
  });
  it('is told with the administrator’s reason, in both languages', () => {
    expect(endedNotice('调离本网格', translator('zh'))).toBe('管理员已让此设备退出登录：调离本网格。未发送的记录已交给管理员。请重新登录或扫码登记。');
    expect(endedNotice('调离本网格。', translator('zh'))).toBe('管理员已让此设备退出登录：调离本网格。未发送的记录已交给管理员。请重新登录或扫码登记。');
    expect(endedNotice('phone lost.', translator('en'))).toBe(
      'An administrator signed this device out: phone lost. Records not yet sent were handed to the administrator. Sign in again or enroll with a code.',
    );
  });
});

describe('newPasswordProblem', () => {
  it('says what the server would refuse before sending', () => {
    expect(newPasswordProblem('wang', 'Tq7xKp2mLw9rZb4n', 'short', 'short')).toBe('short');
    expect(newPasswordProblem('wang', 'Tq7xKp2mLw9rZb4n', 'aaaaaaaa', 'aaaaaaaa')).toBe('repeated');
    expect(newPasswordProblem('wangfang', 'Tq7xKp2mLw9rZb4n', 'WangFang', 'WangFang')).toBe('username');
    expect(newPasswordProblem('wang', 'Tq7xKp2mLw9rZb4n', 'Tq7xKp2mLw9rZb4n', 'Tq7xKp2mLw9rZb4n')).toBe('same');
    expect(newPasswordProblem('wang', 'Tq7xKp2mLw9rZb4n', 'my own pass', 'my own pas')).toBe('mismatch');
    expect(newPasswordProblem('wang', 'Tq7xKp2mLw9rZb4n', 'my own pass', 'my own pass')).toBeNull();
  });
});
