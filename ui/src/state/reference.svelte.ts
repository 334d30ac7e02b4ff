// Reference data the screens share, loaded once per session: the category list, so a case's
// category can be named in the chosen language.

import { api, type CategoryInfo } from '../api';
import { categoryName } from '../lib/categorySearch';
import type { Lang } from '../i18n/translate';

export const reference = $state<{ categories: Map<string, CategoryInfo> }>({ categories: new Map() });

let loading: Promise<void> | null = null;

export function loadReference(): Promise<void> {
  loading ??= api
    .categories()
    .then((cs) => {
      reference.categories = new Map(cs.map((c) => [c.code, c]));
    })
    .catch(() => {
      loading = null;
    });
  return loading;
}

/** A case's category in the chosen language, or the name the engine sent. */
export function categoryLabel(code: string, fallback: string, lang: Lang): string {
  const c = reference.categories.get(code);
  return c ? categoryName(c, lang) : fallback;
}
