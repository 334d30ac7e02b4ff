// The chosen language (Chinese by default), persisted on this device, and `t` for templates.

import { translator, hasKey, type MessageKey } from './dictionary';
import { isLang, type Lang, type Params } from './translate';

const STORAGE_KEY = 'wangge.lang';

function stored(): Lang {
  try {
    const v = globalThis.localStorage?.getItem(STORAGE_KEY);
    return isLang(v) ? v : 'zh';
  } catch {
    return 'zh';
  }
}

export const locale = $state<{ lang: Lang }>({ lang: stored() });

export function setLang(lang: Lang): void {
  locale.lang = lang;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, lang);
  } catch {
    // private mode: the choice lasts for this session only
  }
  if (typeof document !== 'undefined') document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
}

/** Translate with the current language; reading `locale.lang` makes templates update on switch. */
export function t(key: MessageKey, params?: Params): string {
  return translator(locale.lang)(key, params);
}

/** Translate a key built at run time (e.g. `state.${s}`), falling back to the raw value. */
export function tDyn(key: string, fallback: string): string {
  return hasKey(key) ? t(key) : fallback;
}
