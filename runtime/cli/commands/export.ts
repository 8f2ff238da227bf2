import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Command } from '../command.js';
import { CliUsageError, defaultIo, type CliIo } from '../../queue/admin-client.js';
import { clientFor, printJson, reportError, SERVER_HELP, SERVER_OPTIONS } from '../data/common.js';
import { exportData } from '../data/transfer.js';

const USAGE = `localhooks export [collection…] --out <dir> [options]

Writes the data of a running localhooks server to a folder:
  <dir>/collections/<name>.jsonl   one document a line
  <dir>/kv.jsonl                   key-value entries of every keyspace, with their expiry
  <dir>/indexes.json, schemas.json indexes and JSON schemas per collection
  <dir>/export.json                what was exported, when, and the server clock then
Naming collections exports only those (and no key-value entries). localhooks import <dir> reads it back.

Options:
  -o, --out <dir>     the folder to write (created if missing)
${SERVER_HELP}

Examples:
  localhooks export --out ./backup
  localhooks export users orders --out ./some`;

export async function runExport(args: string[], io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({ args, strict: true, allowPositionals: true, options: { ...SERVER_OPTIONS, out: { type: 'string', short: 'o' } } });
    if (!values.out) throw new CliUsageError(`--out <dir> is required\n\n${USAGE}`);
    const out = resolve(values.out);
    const summary = await exportData(clientFor(values, io), out, positionals, (line) => io.err(`${line}\n`));
    if (values.json) printJson(io, summary);
    else {
      const docs = Object.values(summary.collections).reduce((a, b) => a + b, 0);
      io.out(`Exported ${Object.keys(summary.collections).length} collection(s), ${docs.toLocaleString('en')} document(s) and ${summary.kv.toLocaleString('en')} key-value entr${summary.kv === 1 ? 'y' : 'ies'} to ${out}\n`);
    }
    return 0;
  } catch (err) {
    return reportError(io, 'export', err);
  }
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'write collections, key-value, indexes and schemas to a folder (JSON Lines)',
  usage: USAGE,
  run: (args) => runExport(args, defaultIo()),
};
