import { parseArgs } from 'node:util';
import type { Command } from '../command.js';
import { CliUsageError, defaultIo, type CliIo } from '../../queue/admin-client.js';
import { clientFor, parseQueryArg, printJson, reportError, SERVER_HELP, SERVER_OPTIONS } from '../data/common.js';
import { renderTable } from '../data/table.js';

const USAGE = `localhooks count [collection] [query] [options]

Counts the documents of a collection that match a query (see localhooks query --help), or lists every
collection with its count, indexes and schema.

Options:
${SERVER_HELP}

Examples:
  localhooks count
  localhooks count orders 'status=open'`;

interface Info {
  name: string;
  count: number;
  indexes: string[];
  schema: unknown;
}

export async function runCount(args: string[], io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({ args, strict: true, allowPositionals: true, options: { ...SERVER_OPTIONS } });
    const [collection, query, ...extra] = positionals;
    if (extra.length) throw new CliUsageError(`expected [collection] [query]\n\n${USAGE}`);
    const client = clientFor(values, io);
    if (!collection) {
      const { collections } = await client.get<{ collections: Info[] }>('/collections');
      if (values.json) printJson(io, collections);
      else if (collections.length === 0) io.out('No collections yet.\n');
      else io.out(renderTable(['collection', 'documents', 'indexes', 'schema'], collections.map((c) => [c.name, c.count.toLocaleString('en'), c.indexes.join(', ') || '-', c.schema ? 'yes' : '-']), new Set([1])));
      return 0;
    }
    const q = parseQueryArg(query);
    const { count } = await client.get<{ count: number }>(`/collections/${encodeURIComponent(collection)}/count?q=${encodeURIComponent(JSON.stringify(q))}`);
    if (values.json) printJson(io, { collection, count });
    else io.out(`${count}\n`);
    return 0;
  } catch (err) {
    return reportError(io, 'count', err);
  }
}

export const countCommand: Command = {
  name: 'count',
  summary: 'count the documents matching a query, or list collections with their counts',
  usage: USAGE,
  run: (args) => runCount(args, defaultIo()),
};
