// The sign-in screen's own logic: what a person pasted to enroll (the QR code's link, or the
// bare code with a server), the notice of a session an administrator ended, and which sync
// status ends the session.

import type { SyncStatus } from '../api/types';
import type { Translate } from '../i18n/dictionary';

/** How an enrollment QR code's text begins (`wangge://enroll?server=…&code=…`). */
export const ENROLL_LINK = 'wangge://enroll';

/** What was pasted into the enrollment field. */
export type EnrollInput =
  | { kind: 'empty' }
  /** The QR code's link; `server` is the one it names (null when it names none). */
  | { kind: 'link'; server: string | null }
  | { kind: 'code' }
  | { kind: 'invalid' };

export function enrollInput(text: string): EnrollInput {
  const t = text.trim();
  if (!t) return { kind: 'empty' };
  if (t.startsWith(ENROLL_LINK)) {
    const q = t.indexOf('?');
    const params = new URLSearchParams(q >= 0 ? t.slice(q + 1) : '');
    if (!params.get('code')?.trim()) return { kind: 'invalid' };
    return { kind: 'link', server: params.get('server')?.trim() || null };
  }
  return /\s/.test(t) ? { kind: 'invalid' } : { kind: 'code' };
}

/** Whether the server field is needed: a bare code, or a link that names no server. */
export function needsServer(input: EnrollInput): boolean {
  return input.kind === 'code' || (input.kind === 'link' && input.server === null);
}

/** What to send to `enroll`, or why not yet. */
export type EnrollRequest =
  | { ok: true; code: string; server: string | null }
  | { ok: false; problem: 'missing' | 'invalid' | 'needServer' };

/**
 * The arguments of `enroll` for what was pasted and the server field. A link keeps its own
 * server (the engine lets a given server win, so the field is sent only when needed).
 */
export function enrollRequest(text: string, server: string): EnrollRequest {
  const input = enrollInput(text);
  if (input.kind === 'empty') return { ok: false, problem: 'missing' };
  if (input.kind === 'invalid') return { ok: false, problem: 'invalid' };
  if (!needsServer(input)) return { ok: true, code: text.trim(), server: null };
  const s = server.trim();
  return s ? { ok: true, code: text.trim(), server: s } : { ok: false, problem: 'needServer' };
}

/** Whether a sync status says the session is over (an administrator revoked this device). */
export function endsSession(s: SyncStatus): boolean {
  return s.state === 'signed_out';
}

/** The sign-in screen's notice of a session an administrator ended, with their reason. */
export function endedNotice(reason: string, t: Translate): string {
  // The notice puts its own full stop after the reason.
  const r = reason.trim().replace(/[。．.!！]+$/u, '');
  return t('signin.ended', { reason: r });
}

/** Why a new password would be refused (the server's policy, checked here first so the
 *  person learns it before sending), or null when it may go. */
export type NewPasswordProblem = 'short' | 'repeated' | 'username' | 'same' | 'mismatch';

export function newPasswordProblem(username: string, oneTime: string, password: string, again: string): NewPasswordProblem | null {
  const chars = [...password];
  if (chars.length < 8) return 'short';
  if (chars.every((c) => c === chars[0])) return 'repeated';
  if (password.toLowerCase() === username.trim().toLowerCase()) return 'username';
  if (password === oneTime) return 'same';
  if (password !== again) return 'mismatch';
  return null;
}
