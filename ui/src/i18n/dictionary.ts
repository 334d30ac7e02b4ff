// The two dictionaries and a translator made from one of them.

import { zh, type MessageKey } from './zh';
import { en } from './en';
import { interpolate, type Lang, type Params } from './translate';

export type { MessageKey } from './zh';
export type Translate = (key: MessageKey, params?: Params) => string;

export const DICTIONARIES: Record<Lang, Record<MessageKey, string>> = { zh, en };

export function translator(lang: Lang): Translate {
  const dict = DICTIONARIES[lang];
  return (key, params) => interpolate(dict[key] ?? zh[key] ?? key, params);
}

/** Keys whose message exists for a given prefix, e.g. `state.` → state labels. */
export function hasKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(zh, key);
}
