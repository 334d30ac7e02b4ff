// The one place that touches Tauri's IPC, and the contract every transport keeps (the Tauri
// shell's here, the browser's HTTP one in http.ts). Everything else goes through `api` (index.ts).

export type Unlisten = () => void;

/** The event carrying the engine's SyncStatus. */
export const SYNC_STATUS_EVENT = 'sync://status';
/** Header carrying a photo's file name with `prepare_photo_bytes` (percent-encoded UTF-8). */
export const PHOTO_NAME_HEADER = 'x-photo-name';
/** Header carrying `admin_import`'s ImportArgs (percent-encoded JSON). */
export const IMPORT_ARGS_HEADER = 'x-import-args';
/** Header carrying `enroll_from_image`'s server, when given (percent-encoded). */
export const ENROLL_SERVER_HEADER = 'x-enroll-server';

/** Whether this page runs in the app's Tauri shell; else it is the desk in a browser. */
export function inTauri(): boolean {
  return typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window;
}

export interface Transport {
  invoke<T>(cmd: string, args?: Record<string, unknown>): Promise<T>;
  /** A command whose argument is a raw byte body (no JSON number arrays), with string headers. */
  invokeBytes<T>(cmd: string, bytes: Uint8Array, headers: Record<string, string>): Promise<T>;
  listen<T>(event: string, handler: (payload: T) => void): Promise<Unlisten>;
}

export async function tauriTransport(): Promise<Transport> {
  const core = await import('@tauri-apps/api/core');
  const event = await import('@tauri-apps/api/event');
  return {
    invoke: <T>(cmd: string, args?: Record<string, unknown>) => core.invoke<T>(cmd, args),
    invokeBytes: <T>(cmd: string, bytes: Uint8Array, headers: Record<string, string>) => core.invoke<T>(cmd, bytes, { headers }),
    listen: async <T>(name: string, handler: (payload: T) => void) => {
      const un = await event.listen<T>(name, (e) => handler(e.payload));
      return un;
    },
  };
}
