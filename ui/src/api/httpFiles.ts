// The names and facts of files the browser desk downloads, as the engine gives them (crates/device/src/engine: placards.rs, reports.rs): a print's local-time name, the server's file name, a PDF's pages.

import type { PlacardSelection } from './generated';

/** The desk's offset from UTC when the window does not say: China's (UTC+8). */
export const DEFAULT_UTC_OFFSET_MIN = 8 * 60;

const WHICH: Record<PlacardSelection, string> = { all: '全部', stale: '重印', unprinted: '未打印', listed: '选定' };

/** `公示牌-<community>-<which>-<yyyymmdd-hhmmss>.pdf`, the time at `offsetMin` east of UTC (`placards::file_name`). */
export function placardFileName(community: string, which: PlacardSelection, atMs: number, offsetMin: number): string {
  const offset = Math.min(14 * 60, Math.max(-14 * 60, Math.trunc(offsetMin)));
  const d = new Date((Math.floor(atMs / 1000) + offset * 60) * 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  const date = `${String(d.getUTCFullYear()).padStart(4, '0')}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}`;
  const time = `${two(d.getUTCHours())}${two(d.getUTCMinutes())}${two(d.getUTCSeconds())}`;
  return `公示牌-${community}-${WHICH[which]}-${date}-${time}.pdf`;
}

/** A header value as its bytes were meant: fetch reads header bytes one to a character, so a
 *  UTF-8 name arrives as Latin-1; read it again as UTF-8 where it is that. */
function headerText(value: string): string {
  if (![...value].every((c) => c.charCodeAt(0) < 256)) return value;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(value, (c) => c.charCodeAt(0)));
  } catch {
    return value;
  }
}

/** The file name of `attachment; filename="…"` without any folder in it; null when there is none
 *  or it could name somewhere else (`reports::disposition_name`). */
export function dispositionName(header: string | null): string | null {
  if (header === null) return null;
  const h = headerText(header);
  const at = h.indexOf('filename=');
  if (at < 0) return null;
  const quoted = h
    .slice(at + 'filename='.length)
    .split(';')[0]!
    .trim()
    .replace(/^"+|"+$/g, '');
  const name = quoted.split(/[/\\]/).pop()!.trim();
  return name !== '' && !name.startsWith('.') && !name.includes('\0') ? name : null;
}

/** Whether bytes are a PDF. */
export function isPdf(bytes: Uint8Array): boolean {
  return bytes.length >= 5 && String.fromCharCode(...bytes.subarray(0, 5)) === '%PDF-';
}

/** The pages of a PDF as the placards are written: one `/Type /Page` dictionary each (`placards::count_pages`). */
export function pdfPages(bytes: Uint8Array): number {
  const text = new TextDecoder('latin1').decode(bytes);
  return text.match(/\/Type \/Page(?![A-Za-z0-9])/g)?.length ?? 0;
}
