import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { ADMIN_API } from '../../admin/prefix.js';
import { AdminApiError, CliUsageError, defaultIo, reportCliError, resolveServer, ServerUnreachableError, usageErrorOf, type CliIo } from '../../queue/admin-client.js';
import type { Command } from '../command.js';

const USAGE = `localhooks webhook send <provider> <event> --to <route> [options]
localhooks webhook list

Sends a webhook to the app as the provider would: a sample payload for the event (or your own with --data),
with the provider's headers, signed with the secret from the app's .env the way the provider signs. Like
\`stripe trigger\`. Providers: github, stripe, slack, shopify, svix (Clerk), discord.

Options:
      --to <route>      the app route to post to, like /webhook/summarize (the /dev prefix is added)
      --data <file>     send this file's bytes as the body instead of the sample
      --secret <s>      sign with this secret instead of the one in .env
      --format <f>      text | json (default: text)
  -p, --port <n>        port of the server (default: $LOCALHOOKS_PORT, $PORT or 8080)
      --url <url>       address of the server instead of --port

Examples:
  localhooks webhook send github issues.opened --to /webhook/summarize
  localhooks webhook send stripe payment_intent.succeeded --to /stripe --data ./event.json
  localhooks webhook list`;

/** The app answers a webhook within the handler timeout; a little more here. */
const SEND_TIMEOUT_MS = 35_000;

interface Sent {
  delivery: { url: string; signed: boolean; secretSource: string | null; note: string | null };
  response: { status: number; body: { text: string | null; base64: string } | null };
  entryId: number | null;
}

async function admin<T>(io: CliIo, origin: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await io.fetch(`${origin}${ADMIN_API}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'x-localhooks-client': 'cli', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
  } catch {
    throw new ServerUnreachableError(origin);
  }
  const text = await res.text();
  const parsed = (() => {
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch {
      return null;
    }
  })();
  if (!res.ok) throw new AdminApiError(typeof parsed?.error === 'string' ? parsed.error : `HTTP ${res.status}`, res.status, typeof parsed?.code === 'string' ? parsed.code : undefined);
  return parsed as T;
}

export async function runWebhook(args: string[], io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: { to: { type: 'string' }, data: { type: 'string' }, secret: { type: 'string' }, format: { type: 'string', default: 'text' }, port: { type: 'string', short: 'p' }, url: { type: 'string' } },
    });
    if (values.format !== 'text' && values.format !== 'json') throw new CliUsageError(`--format: expected text or json, got ${values.format}`);
    const origin = resolveServer(values, io.env);
    const [sub, provider, event, ...extra] = positionals;
    if (sub === 'list' && positionals.length === 1) {
      const r = await admin<{ providers: { id: string; name: string; events: string[]; secretEnv: string[]; secretFound: string | null }[] }>(io, origin, '/webhooks');
      if (values.format === 'json') io.out(`${JSON.stringify(r, null, 2)}\n`);
      else for (const p of r.providers) io.out(`${p.id} (${p.name}; secret ${p.secretFound ?? (p.secretEnv.length ? `not set: ${p.secretEnv.join(' | ')}` : 'localhooks key pair')})\n  ${p.events.join(', ')}\n`);
      return 0;
    }
    if (sub !== 'send' || !provider || !event || extra.length) throw new CliUsageError(`expected "send <provider> <event> --to <route>" or "list"\n\n${USAGE}`);
    if (!values.to) throw new CliUsageError('--to <route> is required (the app route to post to, like /webhook/summarize)');
    let body: string | undefined;
    if (values.data) {
      body = await readFile(values.data, 'utf8').catch((err: NodeJS.ErrnoException) => {
        throw new CliUsageError(`--data: cannot read ${values.data} (${err.code ?? err.message})`);
      });
    }
    const r = await admin<Sent>(io, origin, '/webhooks/send', { provider, event, to: values.to, body, secret: values.secret });
    if (values.format === 'json') io.out(`${JSON.stringify(r, null, 2)}\n`);
    else {
      const d = r.delivery;
      io.out(`${provider} ${event} → POST ${d.url}: ${r.response.status}${d.signed ? ` (signed with ${d.secretSource})` : ' (unsigned)'}${r.entryId ? `, inbox #${r.entryId}` : ''}\n`);
      if (d.note) io.out(`  note: ${d.note}\n`);
      const text = r.response.body?.text;
      if (text) io.out(`${text}\n`);
    }
    return r.response.status < 400 ? 0 : 1;
  } catch (err) {
    return reportCliError(io, 'webhook', usageErrorOf(err) ?? err);
  }
}

export const webhookCommand: Command = {
  name: 'webhook',
  summary: 'send a provider webhook (GitHub, Stripe, Slack, Shopify, Svix/Clerk, Discord), signed like the provider',
  usage: USAGE,
  run: (args) => runWebhook(args, defaultIo()),
};
