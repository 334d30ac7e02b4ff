// Errors that cross IPC arrive as `{ code, message }`; this maps anything a call can throw
// into one ApiError so screens show a reason and can branch on the code.

export class ApiError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
  }
}

/** Codes the UI produces itself, when the failure never reached the engine. */
export const UNKNOWN = 'unknown';
export const IPC = 'ipc';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** Turn whatever an `invoke` rejected with into an ApiError. */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (isRecord(e) && typeof e.code === 'string' && e.code.length > 0) {
    const message = typeof e.message === 'string' && e.message.length > 0 ? e.message : e.code;
    return new ApiError(e.code, message);
  }
  if (typeof e === 'string') {
    // A JSON-encoded `{code,message}` (some bridges stringify), else a bare message.
    const trimmed = e.trim();
    if (trimmed.startsWith('{')) {
      try {
        const parsed: unknown = JSON.parse(trimmed);
        if (isRecord(parsed) && typeof parsed.code === 'string') return toApiError(parsed);
      } catch {
        // not JSON: fall through to a bare message
      }
    }
    return new ApiError(UNKNOWN, e.length > 0 ? e : UNKNOWN);
  }
  if (e instanceof Error) {
    // Thrown inside the JS bridge itself, e.g. no Tauri runtime present.
    return new ApiError(IPC, e.message || e.name);
  }
  if (isRecord(e) && typeof e.message === 'string') return new ApiError(UNKNOWN, e.message);
  return new ApiError(UNKNOWN, String(e));
}
