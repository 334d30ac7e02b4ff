// Message lookup with `{name}` placeholders; pure, so the dictionaries can be tested directly.

export type Lang = 'zh' | 'en';
export const LANGS: readonly Lang[] = ['zh', 'en'];
export type Params = Record<string, string | number>;

export function interpolate(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

/** Placeholder names used in a template, sorted, e.g. `剩余 {h} 小时` → ['h']. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
}

export function isLang(v: unknown): v is Lang {
  return v === 'zh' || v === 'en';
}
