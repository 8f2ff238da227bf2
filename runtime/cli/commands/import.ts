import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Command } from '../command.js';
import { CliUsageError, defaultIo, type CliIo } from '../../queue/admin-client.js';
import { clientFor, printJson, reportError, SERVER_HELP, SERVER_OPTIONS } from '../data/common.js';
import { readImport } from '../data/import-source.js';
import { importData } from '../data/transfer.js';

const USAGE = `localhooks import <dir|file> [options]

Imports data into a running localhooks server: a folder written by localhooks export (documents,
key-value entries with their expiry, indexes, schemas), a folder of .json/.jsonl/.csv files (one
collection each, named after the file), or one file. Every row is read and validated (JSON, the
collection's schema, _id) before anything is written; a bad row stops the import naming its line.
Documents are written by _id, so importing the same data twice changes nothing; rows without _id
get a new one. CSV values that look like numbers are stored as numbers.

Options:
  -c, --collection <name>  the collection of a single file (default: the file's name)
      --separator <s>      CSV field separator (default: ,; \\t for tab)
${SERVER_HELP}

Examples:
  localhooks import ./backup
  localhooks import ./customers.csv --collection customers`;

export async function runImport(args: string[], io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: { ...SERVER_OPTIONS, collection: { type: 'string', short: 'c' }, separator: { type: 'string' } },
    });
    if (positionals.length !== 1) throw new CliUsageError(`expected one folder or file\n\n${USAGE}`);
    const client = clientFor(values, io);
    const plan = await readImport(resolve(positionals[0]!), { collection: values.collection, separator: values.separator });
    const summary = await importData(client, plan, (line) => io.err(`${line}\n`));
    if (values.json) printJson(io, summary);
    else {
      const rows = Object.entries(summary.collections).map(([name, r]) => `  ${name}: ${r.inserted.toLocaleString('en')} inserted, ${r.replaced.toLocaleString('en')} replaced`);
      io.out(`Imported\n${rows.join('\n')}${rows.length ? '\n' : ''}  key-value: ${summary.kv} entr${summary.kv === 1 ? 'y' : 'ies'}; ${summary.indexes} index(es); ${summary.schemas} schema(s)\n`);
    }
    return 0;
  } catch (err) {
    return reportError(io, 'import', err);
  }
}

export const importCommand: Command = {
  name: 'import',
  summary: 'import a folder or a JSON/JSON Lines/CSV file (validated first, idempotent on _id)',
  usage: USAGE,
  run: (args) => runImport(args, defaultIo()),
};
