/**
 * Codehooks path patterns: literal paths (one trailing slash tolerated), `:name` segments, `*` as one segment
 * inside a path and as any remainder at the end (`/api/*` also matches `/api`), and RegExp routes stored in the
 * manifest as the JSON string `{"$regex":"/body/flags"}`.
 */
export interface PathMatcher {
  source: string;
  match(apiPath: string): Record<string, string> | null;
}

const REGEX_KEY = /^\{"\$regex":/;

export function compilePattern(pattern: string): PathMatcher {
  if (REGEX_KEY.test(pattern)) return compileRegexKey(pattern);
  const names: string[] = [];
  const segments = pattern.split('/');
  let re = '';
  segments.forEach((seg, i) => {
    if (i === 0 && seg === '') return;
    const last = i === segments.length - 1;
    if (seg === '*' && last) {
      re += '(?:/.*)?';
      return;
    }
    re += '/';
    if (seg.startsWith(':')) {
      names.push(seg.slice(1));
      re += '([^/]+)';
    } else if (seg === '*') {
      re += '[^/]+';
    } else if (seg.includes('*')) {
      // `/my*`: the star reaches to the end when it closes the pattern, else stays inside the segment.
      re += seg.split('*').map(escapeRegex).join(last ? '.*' : '[^/]*');
    } else {
      re += escapeRegex(seg);
    }
  });
  if (re === '') re = '/';
  const compiled = new RegExp(`^${re}${re.endsWith('/') ? '' : '/?'}$`);
  return {
    source: pattern,
    match(apiPath) {
      const m = compiled.exec(apiPath);
      if (!m) return null;
      const params: Record<string, string> = {};
      names.forEach((n, idx) => (params[n] = safeDecode(m[idx + 1]!)));
      return params;
    },
  };
}

function compileRegexKey(pattern: string): PathMatcher {
  const { $regex } = JSON.parse(pattern) as { $regex: string };
  const lastSlash = $regex.lastIndexOf('/');
  const re = new RegExp($regex.slice(1, lastSlash), $regex.slice(lastSlash + 1));
  return {
    source: $regex,
    match(apiPath) {
      re.lastIndex = 0;
      const m = re.exec(apiPath);
      if (!m) return null;
      return { ...(m.groups ?? {}) };
    },
  };
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
