// The one place that touches Tauri's IPC. Everything else goes through `api` (index.ts).

export type Unlisten = () => void;

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
