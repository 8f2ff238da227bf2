/**
 * Keeps secrets out of request logs and host paths out of error bodies. The banner and the admin API already
 * show `.env` names only; a URL can still carry a value (`?token=…`), and a stack can name folders of the
 * machine that the app's clients have no business seeing.
 */

/** Values shorter than this are not masked: `.env` also holds ports, `true` and `dev`, which would mask half the log. */
const MIN_SECRET_LENGTH = 6;
/** Query parameters whose value is masked whatever it is. */
const SECRET_PARAM = /([?&](?:api[_-]?key|x-api-?key|access[_-]?token|token|secret|password|passwd)=)[^&#]*/gi;

export function redactSecrets(text: string, secrets: Iterable<string>): string {
  let out = text.replace(SECRET_PARAM, '$1****');
  for (const s of secrets) {
    if (s.length < MIN_SECRET_LENGTH) continue;
    if (out.includes(s)) out = out.split(s).join('****');
    const encoded = encodeURIComponent(s);
    if (encoded !== s && out.includes(encoded)) out = out.split(encoded).join('****');
  }
  return out;
}

/**
 * For a build or load error shown in a 503 body: paths inside the app folder become relative, stack frames
 * outside it (localhooks itself, Node internals) are left out, and any other mention of localhooks' own
 * folder is replaced by `<localhooks>`.
 */
export function hideHostPaths(text: string, appDir: string, ownRoot: string = LOCALHOOKS_ROOT): string {
  const app = appDir.endsWith('/') ? appDir : appDir + '/';
  const lines = text.split('\n');
  const kept: string[] = [];
  let dropped = 0;
  for (const line of lines) {
    if (/^\s+at /.test(line) && !line.includes(app)) {
      dropped++;
      continue;
    }
    kept.push(line);
  }
  if (dropped) kept.push(`    (${dropped} frame${dropped === 1 ? '' : 's'} outside the app folder left out)`);
  return kept.join('\n').split(`file://${app}`).join('./').split(app).join('./').split(ownRoot).join('<localhooks>');
}

/** The folder localhooks runs from (dist/runtime/server → the package root). */
const LOCALHOOKS_ROOT = new URL('../../../', import.meta.url).pathname.replace(/\/$/, '');
