// The current route, kept in the URL hash so the back button and reloads work.

import { formatRoute, parseRoute, type Route } from '../lib/route';

export const router = $state<{ route: Route | null }>({ route: parseRoute(location.hash) });

window.addEventListener('hashchange', () => {
  router.route = parseRoute(location.hash);
});

export function go(r: Route, replace = false): void {
  const hash = formatRoute(r);
  if (replace) history.replaceState(null, '', hash);
  else if (location.hash !== hash) history.pushState(null, '', hash);
  router.route = r;
}

export function back(fallback: Route): void {
  if (history.length > 1) history.back();
  else go(fallback, true);
}
