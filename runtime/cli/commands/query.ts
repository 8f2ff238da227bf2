import { parseArgs } from 'node:util';
import type { Command } from '../command.js';
import { CliUsageError, defaultIo, type CliIo } from '../../queue/admin-client.js';
import { clientFor, parseQueryArg, printJson, reportError, SERVER_HELP, SERVER_OPTIONS } from '../data/common.js';
import { renderDocs } from '../data/table.js';

const USAGE = `localhooks query <collection> [query] [options]

Lists documents of a collection of a running localhooks server.

The query is JSON in the platform's query language ('{"status": "open", "age": {"$gt": 30}}') or
field=value pairs joined by & with = != > >= < <= ('status=open&age>30'; /re/i for a regular expression).

Options:
      --sort=<s>      sort fields, - for descending: --sort=-createdAt,name (default: insertion order)
      --fields <f>    only these fields: name,email
      --limit <n>     at most n documents (default: 20; at most 1000 a page)
      --offset <n>    skip the first n
${SERVER_HELP}

Examples:
  localhooks query users
  localhooks query orders 'status=open&total>100' --sort=-total --limit 5
  localhooks query users '{"email": {"$regex": "@example.com$"}}' --json`;

interface Page {
  items: Record<string, unknown>[];
  offset: number;
  limit: number;
  more: boolean;
}

export async function runQuery(args: string[], io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: { ...SERVER_OPTIONS, sort: { type: 'string' }, fields: { type: 'string' }, limit: { type: 'string' }, offset: { type: 'string' } },
    });
    const [collection, query, ...extra] = positionals;
    if (!collection || extra.length) throw new CliUsageError(`expected <collection> [query]\n\n${USAGE}`);
    const body = {
      query: parseQueryArg(query),
      ...(values.sort ? { sort: values.sort } : {}),
      ...(values.fields ? { fields: values.fields } : {}),
      limit: values.limit ?? '20',
      ...(values.offset ? { offset: values.offset } : {}),
    };
    const page = await clientFor(values, io).send<Page>('POST', `/collections/${encodeURIComponent(collection)}/query`, body);
    if (values.json) printJson(io, page.items);
    else if (page.items.length === 0) io.out(page.offset > 0 ? `No documents past offset ${page.offset}.\n` : `No documents match in ${collection}.\n`);
    else {
      const next = page.more ? ` — more: --offset ${page.offset + page.items.length}` : '';
      io.out(`${renderDocs(page.items)}${page.items.length} document(s)${next}\n`);
    }
    return 0;
  } catch (err) {
    return reportError(io, 'query', err);
  }
}

export const queryCommand: Command = {
  name: 'query',
  summary: 'list documents of a collection: query users \'status=open\' --sort=-createdAt',
  usage: USAGE,
  run: (args) => runQuery(args, defaultIo()),
};
