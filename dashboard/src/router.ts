import { useEffect, useState } from 'preact/hooks';

export interface Route {
  view: string;
  /** Path segments after the view (`#/workflows/<id>` → [id]), decoded. */
  parts: string[];
}

export function parseHash(hash: string): Route {
  const [view = 'overview', ...parts] = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  return { view, parts: parts.map(decodeURIComponent) };
}

export const href = (view: string, ...parts: (string | number)[]) => `#/${[view, ...parts.map((p) => encodeURIComponent(String(p)))].join('/')}`;

export function go(view: string, ...parts: (string | number)[]): void {
  location.hash = href(view, ...parts);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(parseHash(location.hash));
  useEffect(() => {
    const on = () => setRoute(parseHash(location.hash));
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return route;
}
