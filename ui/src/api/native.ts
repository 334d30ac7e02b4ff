// Phone features through Tauri's official mobile plugins (registered only in the phone
// builds, src-tauri/src/mobile.rs): the position and QR scanning. On a desktop the plugins
// are absent, so the position falls back to the webview's geolocation and scanning is off.

import { ApiError } from './error';

export interface Fix {
  lon: number;
  lat: number;
  accuracy_m: number;
}

/** Whether this is a phone build (where the plugins are registered). */
export function isPhone(): boolean {
  return typeof navigator !== 'undefined' && /Android|iPhone|iPad|iPod/i.test(navigator.userAgent);
}

async function pluginPosition(timeoutMs: number): Promise<Fix> {
  const geo = await import('@tauri-apps/plugin-geolocation');
  let perm = await geo.checkPermissions();
  if (perm.location !== 'granted') perm = await geo.requestPermissions(['location']);
  if (perm.location !== 'granted') throw new ApiError('no_position', 'location permission denied');
  const p = await geo.getCurrentPosition({ enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 30_000 });
  return { lon: p.coords.longitude, lat: p.coords.latitude, accuracy_m: p.coords.accuracy };
}

function browserPosition(timeoutMs: number): Promise<Fix> {
  return new Promise((resolve, reject) => {
    if (typeof navigator === 'undefined' || !navigator.geolocation) {
      reject(new ApiError('no_position', 'geolocation unavailable'));
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lon: p.coords.longitude, lat: p.coords.latitude, accuracy_m: p.coords.accuracy }),
      (err) => reject(new ApiError('no_position', err.message)),
      { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 30_000 },
    );
  });
}

/** The device's position (WGS-84): the geolocation plugin on phones, the webview elsewhere. */
export async function currentPosition(timeoutMs = 8000): Promise<Fix> {
  if (isPhone()) {
    try {
      return await pluginPosition(timeoutMs);
    } catch (e) {
      if (e instanceof ApiError) throw e;
      // plugin missing or failing: try the webview's own geolocation
    }
  }
  return browserPosition(timeoutMs);
}

/** Scans one QR code with the camera (phones only) and returns its text. */
export async function scanQr(): Promise<string> {
  if (!isPhone()) throw new ApiError('no_scanner', 'scanning needs the phone app');
  const scanner = await import('@tauri-apps/plugin-barcode-scanner');
  let perm = await scanner.checkPermissions();
  if (perm !== 'granted') perm = await scanner.requestPermissions();
  if (perm !== 'granted') throw new ApiError('no_scanner', 'camera permission denied');
  const r = await scanner.scan({ windowed: false, formats: [scanner.Format.QRCode] });
  return r.content;
}

/** What a building or unit door's QR code says: the entrance's placard address
 *  (`http(s)://host[/prefix]/e/<building>[/<unit>]`, percent-encoded, a unit may be Chinese),
 *  or the bare `<building>` or `<building>/<unit>` (also `#` as separator). */
export function parseBuildingCode(text: string): { building: string; unit: string | null } | null {
  const t = text.trim();
  if (!t) return null;
  if (/^https?:\/\//i.test(t)) return parsePlacardUrl(t);
  const m = /^([^/#\s]+)(?:[/#]([^/#\s]+))?$/.exec(t);
  if (!m || !m[1]) return null;
  return { building: m[1], unit: m[2] ?? null };
}

/** `…/e/<building>[/<unit>]` of a placard's address (query and fragment ignored). */
function parsePlacardUrl(text: string): { building: string; unit: string | null } | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  const raw = url.pathname.split('/').filter((p) => p !== '');
  let parts: string[];
  try {
    parts = raw.map((p) => decodeURIComponent(p).trim());
  } catch {
    return null; // a broken percent-encoding
  }
  const at = parts.lastIndexOf('e', parts.length - 2);
  const rest = at < 0 ? [] : parts.slice(at + 1);
  if (rest.length < 1 || rest.length > 2 || rest.some((p) => p === '' || /[\s/#]/.test(p))) return null;
  return { building: rest[0]!, unit: rest[1] ?? null };
}
