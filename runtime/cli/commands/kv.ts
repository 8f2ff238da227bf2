import { parseArgs } from 'node:util';
import type { Command } from '../command.js';
import { CliUsageError, defaultIo, type CliIo } from '../../queue/admin-client.js';
import { readDuration } from '../../duration.js';
import { clientFor, printJson, reportError, SERVER_HELP, SERVER_OPTIONS } from '../data/common.js';
import { cell, renderTable } from '../data/table.js';

const USAGE = `localhooks kv <get|set|del|ls> … [options]

The key-value store of a running localhooks server.

  kv get <key>                 the value, with the TTL left
  kv set <key> <value>         set a value (--ttl 60s, 10m, 1h or milliseconds)
  kv del <key>                 delete a key
  kv ls [prefix]               keys starting with prefix, with values and TTL left
  kv ls --keyspaces            the keyspaces in use and their key counts

Options:
      --keyspace <k>  the keyspace (default: the default one)
      --ttl <t>       with set: time to live
      --limit <n>     with ls: at most n keys (default: 100)
${SERVER_HELP}

Examples:
  localhooks kv set greeting hello --ttl 10m
  localhooks kv ls summary: --keyspace cache`;

interface Entry {
  keyspace: string;
  key: string;
  value: string;
  expiresAt: string | null;
  ttlMs: number | null;
}

/** `1h 2m` from milliseconds, for the TTL left. */
export function formatTtl(ms: number | null): string {
  if (ms === null) return '-';
  const s = Math.ceil(ms / 1000);
  const parts: string[] = [];
  const units: [string, number][] = [['d', 86_400], ['h', 3600], ['m', 60], ['s', 1]];
  let left = s;
  for (const [u, n] of units) {
    if (left >= n || (u === 's' && parts.length === 0)) {
      parts.push(`${Math.floor(left / n)}${u}`);
      left %= n;
    }
  }
  return parts.slice(0, 2).join(' ');
}

export async function runKv(args: string[], io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: { ...SERVER_OPTIONS, keyspace: { type: 'string' }, ttl: { type: 'string' }, limit: { type: 'string' }, keyspaces: { type: 'boolean' } },
    });
    const [sub, ...rest] = positionals;
    const client = clientFor(values, io);
    const ks = values.keyspace ? `keyspace=${encodeURIComponent(values.keyspace)}` : '';
    const keyPath = (key: string) => `/kv/keys/${encodeURIComponent(key)}${ks ? `?${ks}` : ''}`;
    const need = (n: number, what: string) => {
      if (rest.length !== n) throw new CliUsageError(`expected kv ${sub} ${what}\n\n${USAGE}`);
    };
    switch (sub) {
      case 'get': {
        need(1, '<key>');
        const e = await client.get<Entry>(keyPath(rest[0]!));
        if (values.json) printJson(io, e);
        else io.out(`${e.value}\n${e.ttlMs === null ? '' : `(expires in ${formatTtl(e.ttlMs)}, at ${e.expiresAt})\n`}`);
        return 0;
      }
      case 'set': {
        need(2, '<key> <value>');
        const ttl = values.ttl === undefined ? undefined : readDuration(/^\d+$/.test(values.ttl) ? Number(values.ttl) : values.ttl, '--ttl', (m) => new CliUsageError(m));
        const e = await client.send<Entry>('PUT', keyPath(rest[0]!), { value: rest[1], ...(ttl !== undefined ? { ttl } : {}) });
        if (values.json) printJson(io, e);
        else io.out(`${e.key} set${e.ttlMs === null ? '' : `, expires in ${formatTtl(e.ttlMs)}`}\n`);
        return 0;
      }
      case 'del': {
        need(1, '<key>');
        const r = await client.send<{ deleted: boolean }>('DELETE', keyPath(rest[0]!));
        if (values.json) printJson(io, r);
        else io.out(r.deleted ? `${rest[0]} deleted\n` : `${rest[0]} did not exist\n`);
        return 0;
      }
      case 'ls': {
        if (values.keyspaces) {
          const r = await client.get<{ keyspaces: { keyspace: string; count: number }[] }>('/kv/keyspaces');
          if (values.json) printJson(io, r.keyspaces);
          else io.out(r.keyspaces.length ? renderTable(['keyspace', 'keys'], r.keyspaces.map((k) => [k.keyspace || '(default)', String(k.count)]), new Set([1])) : 'No keys yet.\n');
          return 0;
        }
        if (rest.length > 1) throw new CliUsageError(`expected kv ls [prefix]\n\n${USAGE}`);
        const q = [ks, rest[0] ? `prefix=${encodeURIComponent(rest[0])}` : '', `limit=${encodeURIComponent(values.limit ?? '100')}`].filter(Boolean).join('&');
        const r = await client.get<{ items: Entry[]; more: boolean }>(`/kv?${q}`);
        if (values.json) printJson(io, r.items);
        else if (r.items.length === 0) io.out('No keys match.\n');
        else io.out(`${renderTable(['key', 'value', 'ttl left'], r.items.map((e) => [cell(e.key, 60), cell(e.value), formatTtl(e.ttlMs)]))}${r.items.length} key(s)${r.more ? ' (more: --limit)' : ''}\n`);
        return 0;
      }
      default:
        throw new CliUsageError(`expected get, set, del or ls\n\n${USAGE}`);
    }
  } catch (err) {
    return reportError(io, 'kv', err);
  }
}

export const kvCommand: Command = {
  name: 'kv',
  summary: 'key-value store: kv get|set|del|ls (with TTL left)',
  usage: USAGE,
  run: (args) => runKv(args, defaultIo()),
};
