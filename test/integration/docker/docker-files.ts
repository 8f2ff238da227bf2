// Reads the repository's Dockerfile, .dockerignore and docker-compose.yml into plain data the Docker tests check
// and replay. No Docker engine is involved: these are the files' meanings as Docker and Compose define them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DockerfileParser } from 'dockerfile-ast';
import { parseDocument } from 'yaml';

/** The repository root, from dist/test/integration/docker. */
export const REPO = fileURLToPath(new URL('../../../../', import.meta.url));

export interface Step {
  keyword: string;
  /** 1-based, for messages. */
  line: number;
  flags: Map<string, string | null>;
  /** Words as written (shell form), continuations joined. */
  args: string[];
  content: string;
  /** The exec form's strings, or null for the shell form. */
  exec: string[] | null;
  /** ENV and ARG name/value pairs. */
  props: Array<[string, string | null]>;
}

export interface Stage {
  index: number;
  name: string | null;
  image: string;
  steps: Step[];
}

/** The Dockerfile as its build stages, each with its instructions in order. */
export function readDockerfile(dir = REPO): Stage[] {
  const parsed = DockerfileParser.parse(readFileSync(join(dir, 'Dockerfile'), 'utf8'));
  const stages: Stage[] = [];
  for (const ins of parsed.getInstructions()) {
    const keyword = ins.getKeyword().toUpperCase();
    const any = ins as unknown as {
      getFlags?(): Array<{ getName(): string; getValue(): string | null }>;
      getJSONStrings?(): Array<{ getJSONValue(): string }>;
      getProperties?(): Array<{ getName(): string; getValue(): string | null }>;
      getImage?(): string | null;
      getBuildStage?(): string | null;
    };
    const json = any.getJSONStrings?.().map((j) => j.getJSONValue()) ?? [];
    const step: Step = {
      keyword,
      line: ins.getRange().start.line + 1,
      flags: new Map((any.getFlags?.() ?? []).map((f) => [f.getName(), f.getValue()])),
      args: ins.getArguments().map((a) => a.getValue()),
      content: ins.getArgumentsContent() ?? '',
      exec: json.length > 0 ? json : null,
      props: (any.getProperties?.() ?? []).map((p) => [p.getName(), p.getValue()]),
    };
    if (keyword === 'FROM') {
      stages.push({ index: stages.length, name: any.getBuildStage?.() ?? null, image: any.getImage?.() ?? '', steps: [] });
    }
    stages.at(-1)?.steps.push(step);
  }
  return stages;
}

export function stepsOf(stage: Stage, keyword: string): Step[] {
  return stage.steps.filter((s) => s.keyword === keyword);
}

/** A RUN's shell command split at its top-level `&&`s (the Dockerfile's RUNs use no quoted `&&`). */
export function runSegments(step: Step): string[] {
  return step.content
    .split('&&')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The command of `HEALTHCHECK [flags] CMD ["…"]`, which the parser leaves as text after CMD. */
export function healthcheckCommand(step: Step): string[] {
  const m = /^(?:--\S+\s+)*CMD\s+(\[[\s\S]*\])\s*$/.exec(step.content);
  if (!m) throw new Error(`line ${step.line}: HEALTHCHECK is not CMD in exec form: ${step.content}`);
  return JSON.parse(m[1]!) as string[];
}

/** ENV values in effect at the end of a stage. */
export function stageEnv(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const s of stepsOf(stage, 'ENV')) for (const [k, v] of s.props) env[k] = v ?? '';
  return env;
}

/**
 * .dockerignore as Docker applies it: patterns anchored at the context root, `*` within a path segment, `**`
 * across segments, a match on a folder covering everything in it, the last matching line winning (`!` re-includes).
 */
export function readDockerignore(dir = REPO): (path: string) => boolean {
  const rules = readFileSync(join(dir, '.dockerignore'), 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const negate = l.startsWith('!');
      const pattern = (negate ? l.slice(1) : l).replace(/^\/+/, '').replace(/\/+$/, '');
      return { negate, re: globToRegExp(pattern) };
    });
  return (path) => {
    const p = path.replace(/^\.?\/+/, '').replace(/\/+$/, '');
    if (p === '' || p === '.') return false;
    let ignored = false;
    for (const r of rules) if (r.re.test(p)) ignored = !r.negate;
    return ignored;
  };
}

function globToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*' && pattern[i + 1] === '*') {
      i++;
      if (pattern[i + 1] === '/') {
        i++;
        re += '(?:.*/)?';
      } else re += '.*';
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}(?:/.*)?$`);
}

export type Yaml = null | boolean | number | string | Yaml[] | { [k: string]: Yaml };

/** docker-compose.yml (or `file`) parsed strictly: a YAML error or a duplicate key fails instead of being papered over. */
export function readCompose(dir = REPO, file = 'docker-compose.yml'): Yaml {
  const doc = parseDocument(readFileSync(join(dir, file), 'utf8'), { uniqueKeys: true, prettyErrors: true });
  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length > 0) throw new Error(`${file}: ${problems.map((e) => e.message).join('\n')}`);
  return doc.toJS() as Yaml;
}

/**
 * Compose's variable interpolation on every string: `${VAR}`, `${VAR:-default}` (unset or empty),
 * `${VAR-default}` (unset), `$VAR`, and `$$` for a literal `$`.
 */
export function interpolate(value: Yaml, env: Record<string, string | undefined>): Yaml {
  if (typeof value === 'string') {
    return value.replace(/\$\$|\$\{([A-Za-z_]\w*)(?:(:?-)([^}]*))?\}|\$([A-Za-z_]\w*)/g, (m, name?: string, op?: string, def?: string, bare?: string) => {
      if (m === '$$') return '$';
      const key = (name ?? bare)!;
      const v = env[key];
      if (op === ':-') return v === undefined || v === '' ? (def ?? '') : v;
      if (op === '-') return v === undefined ? (def ?? '') : v;
      return v ?? '';
    });
  }
  if (Array.isArray(value)) return value.map((v) => interpolate(v, env));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, env)]));
  return value;
}
