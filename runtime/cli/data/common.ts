import { isLocalhooksError } from '../../errors.js';
import { CliUsageError, defaultIo, reportCliError, resolveServer, usageErrorOf, type CliIo } from '../../queue/admin-client.js';
import { AdminClient } from './client.js';

/** The options every data command takes to find its server and choose its output. */
export const SERVER_OPTIONS = {
  port: { type: 'string', short: 'p' },
  url: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export const SERVER_HELP = `      --json          print JSON (for scripts) instead of a table
  -p, --port <n>      port of the server (default: $LOCALHOOKS_PORT, $PORT or 8080)
      --url <url>     address of the server instead of --port`;

export function clientFor(values: { port?: string; url?: string }, io: CliIo = defaultIo()): AdminClient {
  return new AdminClient(io, resolveServer(values, io.env));
}

/** The data commands' error report: the message naming the problem, exit code 1. */
export function reportError(io: CliIo, command: string, err: unknown): number {
  if (isLocalhooksError(err)) {
    io.err(`localhooks ${command}: ${err.message}\n`);
    return 1;
  }
  return reportCliError(io, command, usageErrorOf(err) ?? err);
}

export function printJson(io: CliIo, value: unknown): void {
  io.out(`${JSON.stringify(value, null, 2)}\n`);
}

const OP = /^([^<>=!]+?)\s*(>=|<=|!=|=|>|<)\s*(.*)$/s;
const OPS: Record<string, string | null> = { '=': null, '!=': '$ne', '>': '$gt', '>=': '$gte', '<': '$lt', '<=': '$lte' };

/**
 * A query as typed on the command line: JSON (`'{"status": "open"}'`, the platform's query language), or
 * `field=value` pairs joined by `&` with `= != > >= < <=` (`'status=open&age>30'`; numbers, true, false and
 * null are typed; `/^po/i` is a regular expression).
 */
export function parseQueryArg(text: string | undefined): Record<string, unknown> {
  const t = (text ?? '').trim();
  if (t === '') return {};
  if (t.startsWith('{')) {
    let v: unknown;
    try {
      v = JSON.parse(t);
    } catch (err) {
      throw new CliUsageError(`the query is not JSON: ${(err as Error).message}`);
    }
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw new CliUsageError('the query must be a JSON object');
    return v as Record<string, unknown>;
  }
  const query: Record<string, unknown> = {};
  for (const part of t.split('&')) {
    const m = OP.exec(part.trim());
    if (!m) throw new CliUsageError(`cannot read "${part}" in the query: use field=value, field>value … or JSON`);
    const [, field, op, raw] = m;
    // `priority>` with nothing after it is a slip of the keyboard, not a comparison with "".
    if (raw === '' && op !== '=' && op !== '!=') throw new CliUsageError(`cannot read "${part}" in the query: ${op} needs a value (${field}${op}3)`);
    const value = typedValue(raw!);
    const mongo = OPS[op!];
    if (mongo === null) query[field!] = value;
    else query[field!] = { ...((query[field!] as object) ?? {}), [mongo!]: value };
  }
  return query;
}

function typedValue(raw: string): unknown {
  const re = /^\/(.*)\/([a-z]*)$/s.exec(raw);
  if (re) return { $regex: re[1], ...(re[2] ? { $options: re[2] } : {}) };
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (raw === 'null') return null;
  if (/^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  return raw;
}
