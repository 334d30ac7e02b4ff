// Hash routes: `#/home`, `#/task/ID`, `#/desk/review` … parsed into a typed Route and back.

export type Route =
  | { name: 'signin' }
  | { name: 'home' }
  | { name: 'capture' }
  | { name: 'task'; id: string }
  | { name: 'patrol' }
  | { name: 'map' }
  | { name: 'me' }
  | { name: 'review' }
  | { name: 'dispatch' }
  | { name: 'overdue' }
  | { name: 'verify' }
  | { name: 'kpis' }
  | { name: 'placards' }
  | { name: 'warnings' }
  | { name: 'join' }
  | { name: 'board' }
  | { name: 'people' }
  | { name: 'gridmap' }
  | { name: 'categories' }
  | { name: 'imports' }
  | { name: 'devices' }
  | { name: 'audit' };

const SIMPLE = ['signin', 'home', 'capture', 'patrol', 'map', 'me'] as const;
const DESK = ['review', 'dispatch', 'overdue', 'verify', 'kpis', 'placards', 'warnings', 'join', 'board', 'people', 'gridmap', 'categories', 'imports', 'devices', 'audit'] as const;

export function parseRoute(hash: string): Route | null {
  const path = hash.replace(/^#/, '').replace(/^\/+/, '').replace(/\/+$/, '');
  const parts = path.split('/').filter((p) => p !== '').map((p) => decodeURIComponent(p));
  const [a, b] = parts;
  if (parts.length === 1 && (SIMPLE as readonly string[]).includes(a ?? '')) return { name: a as (typeof SIMPLE)[number] };
  if (parts.length === 2 && a === 'task' && b) return { name: 'task', id: b };
  if (parts.length === 2 && a === 'desk' && (DESK as readonly string[]).includes(b ?? '')) return { name: b as (typeof DESK)[number] };
  return null;
}

export function formatRoute(r: Route): string {
  switch (r.name) {
    case 'task':
      return `#/task/${encodeURIComponent(r.id)}`;
    case 'review':
    case 'dispatch':
    case 'overdue':
    case 'verify':
    case 'kpis':
    case 'placards':
    case 'warnings':
    case 'join':
    case 'board':
    case 'people':
    case 'gridmap':
    case 'categories':
    case 'imports':
    case 'devices':
    case 'audit':
      return `#/desk/${r.name}`;
    default:
      return `#/${r.name}`;
  }
}

export function isDeskRoute(r: Route): boolean {
  return (DESK as readonly string[]).includes(r.name);
}
