import { readFile } from 'node:fs/promises';

/**
 * dotenv syntax: `KEY=value`, optional `export `, `#` comments (whole line, or after an unquoted value),
 * single quotes (literal), double quotes (`\n` escapes; may span lines), backticks (may span lines).
 */
export function parseDotenv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const src = text.replace(/\r\n?/g, '\n');
  const line = /^[ \t]*(?:export[ \t]+)?([\w.-]+)[ \t]*=[ \t]*(?:'((?:[^'])*)'|"((?:\\[\s\S]|[^"\\])*)"|`([^`]*)`|([^\n#]*?))[ \t]*(?:#[^\n]*)?$/gm;
  let m: RegExpExecArray | null;
  while ((m = line.exec(src))) {
    const [, key, single, double, back, bare] = m;
    if (single !== undefined) out[key!] = single;
    else if (double !== undefined) out[key!] = double.replace(/\\n/g, '\n').replace(/\\r/g, '\r').replace(/\\t/g, '\t').replace(/\\(["\\])/g, '$1');
    else if (back !== undefined) out[key!] = back;
    else out[key!] = (bare ?? '').trim();
  }
  return out;
}

export async function loadDotenv(path: string): Promise<Record<string, string>> {
  try {
    return parseDotenv(await readFile(path, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
}

/** Shown in logs and admin output instead of a secret's value. */
export function maskSecret(value: string): string {
  // Long values keep their last four characters so two keys can be told apart; short ones show nothing.
  return value.length >= 16 ? `****${value.slice(-4)}` : '****';
}
