import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { AdminError } from '../../admin/errors.js';
import { csvValue, CsvSyntaxError, parseCsv } from './csv.js';
import { jsonArrayElementLines } from './json-lines.js';

/** The documents of one collection to import, each with the file and line it came from. */
export interface CollectionSource {
  name: string;
  docs: unknown[];
  /** `file:line` of each document, for messages. */
  where: string[];
}

/** What `localhooks import` reads before it writes anything. */
export interface ImportPlan {
  collections: CollectionSource[];
  kv: { entries: unknown[]; where: string[] };
  indexes: Record<string, string[]>;
  schemas: Record<string, Record<string, unknown>>;
}

export interface ImportOptions {
  /** The collection a single file goes to; default its name without extension. */
  collection?: string;
  /** CSV field separator; default `,` (`\t` for tab). */
  separator?: string;
}

/** The files of `localhooks export --out <dir>`. */
export const EXPORT_LAYOUT = { collections: 'collections', kv: 'kv.jsonl', indexes: 'indexes.json', schemas: 'schemas.json', manifest: 'export.json' } as const;

const DATA_FILE = /\.(json|jsonl|ndjson|csv)$/i;

const invalid = (message: string) => new AdminError('LH_IMPORT_INVALID', message);

/**
 * Reads everything to import from a folder or a file, checking that every row parses. A folder written by
 * `localhooks export` brings key-value entries, indexes and schemas too; any other folder is one collection per
 * `.json`, `.jsonl` or `.csv` file, named after the file.
 */
export async function readImport(path: string, options: ImportOptions = {}): Promise<ImportPlan> {
  const plan: ImportPlan = { collections: [], kv: { entries: [], where: [] }, indexes: {}, schemas: {} };
  const s = await stat(path).catch(() => null);
  if (!s) throw invalid(`${path}: no such file or folder`);
  if (!s.isDirectory()) {
    plan.collections.push(await readCollection(path, options.collection ?? collectionName(path), options.separator));
    return plan;
  }
  if (options.collection) throw invalid(`--collection goes with a file; ${path} is a folder (each file is a collection)`);
  const exported = await stat(join(path, EXPORT_LAYOUT.collections)).catch(() => null);
  const dir = exported?.isDirectory() ? join(path, EXPORT_LAYOUT.collections) : path;
  const files = (await readdir(dir)).filter((f) => DATA_FILE.test(f)).sort();
  for (const f of files) plan.collections.push(await readCollection(join(dir, f), collectionName(f), options.separator));
  if (exported) {
    const kvFile = join(path, EXPORT_LAYOUT.kv);
    if (await stat(kvFile).catch(() => null)) {
      const kv = await readCollection(kvFile, 'kv', options.separator);
      plan.kv = { entries: kv.docs, where: kv.where };
    }
    plan.indexes = await readJsonObject(join(path, EXPORT_LAYOUT.indexes)) as Record<string, string[]>;
    plan.schemas = await readJsonObject(join(path, EXPORT_LAYOUT.schemas)) as Record<string, Record<string, unknown>>;
  } else if (files.length === 0) throw invalid(`${path}: no .json, .jsonl or .csv files to import`);
  return plan;
}

function collectionName(file: string): string {
  return basename(file, extname(file));
}

async function readJsonObject(file: string): Promise<Record<string, unknown>> {
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text === null) return {};
  try {
    const v = JSON.parse(text) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch (err) {
    throw invalid(`${file}: not JSON: ${(err as Error).message}`);
  }
  throw invalid(`${file}: expected a JSON object`);
}

async function readCollection(file: string, name: string, separator = ','): Promise<CollectionSource> {
  const text = await readFile(file, 'utf8');
  const ext = extname(file).toLowerCase();
  const out: CollectionSource = { name, docs: [], where: [] };
  const add = (doc: unknown, line: number) => {
    out.docs.push(doc);
    out.where.push(`${file}:${line}`);
  };
  if (ext === '.csv') readCsv(text, file, separator === '\\t' ? '\t' : separator, add);
  else if (ext === '.json' && /^\s*[[{]/.test(text) && !looksLikeJsonLines(text)) readJson(text, file, add);
  else readJsonLines(text, file, add);
  return out;
}

/** A `.json` file with one object per line is JSON Lines, whatever its extension says. */
function looksLikeJsonLines(text: string): boolean {
  const first = text.trimStart();
  if (!first.startsWith('{')) return false;
  try {
    JSON.parse(text);
    return false;
  } catch {
    return true;
  }
}

function readJson(text: string, file: string, add: (doc: unknown, line: number) => void): void {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw invalid(`${file}:${lineOfError(text, err as Error)}: not JSON: ${(err as Error).message}`);
  }
  if (!Array.isArray(value)) return add(value, 1);
  const lines = jsonArrayElementLines(text);
  value.forEach((doc, i) => add(doc, lines[i] ?? 1));
}

function readJsonLines(text: string, file: string, add: (doc: unknown, line: number) => void): void {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    try {
      add(JSON.parse(line), i + 1);
    } catch (err) {
      throw invalid(`${file}:${i + 1}: not JSON: ${(err as Error).message}`);
    }
  }
}

function readCsv(text: string, file: string, separator: string, add: (doc: unknown, line: number) => void): void {
  let header: string[] | null = null;
  try {
    for (const rec of parseCsv(text, separator)) {
      if (!header) {
        header = rec.fields.map((h) => h.trim());
        const empty = header.findIndex((h) => h === '');
        if (empty >= 0) throw new CsvSyntaxError(rec.line, `column ${empty + 1} of the header has no name`);
        continue;
      }
      if (rec.fields.length > header.length) throw new CsvSyntaxError(rec.line, `${rec.fields.length} fields, but the header names ${header.length}`);
      const doc: Record<string, unknown> = {};
      header.forEach((h, i) => {
        const v = rec.fields[i];
        if (v !== undefined) doc[h] = h === '_id' ? v : csvValue(v);
      });
      add(doc, rec.line);
    }
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw invalid(`${file}:${err.line}: ${err.message}`);
    throw err;
  }
}

/** The line of a JSON.parse error, from the position Node's message gives. */
function lineOfError(text: string, err: Error): number {
  const m = /position (\d+)/.exec(err.message) ?? /line (\d+)/.exec(err.message);
  if (!m) return 1;
  if (err.message.includes('line ') && !err.message.includes('position')) return Number(m[1]);
  return text.slice(0, Number(m[1])).split('\n').length;
}
