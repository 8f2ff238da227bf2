import { DEFAULT_PORT } from '../../app.js';
import { serverCommand } from './dev.js';

const USAGE = `localhooks serve [dir] [options]

Serves the Codehooks app in [dir] as it would run deployed: built once, no file watcher, and no admin API
or dashboard under /.localhooks unless --admin is given. With --store postgres://… several processes
(on other ports or machines) serve the same app and data behind any HTTP load balancer; see
docs/scale-out.md for what holds across processes.

Options:
      --store <url>     PostgreSQL to keep the data in, e.g. postgres://lh:secret@db:5432/lh
                        ($LOCALHOOKS_STORE; default: the data folder, one process only)
      --admin           also serve the admin API and dashboard (/.localhooks)
  -p, --port <n>        HTTP port (default: $PORT or ${DEFAULT_PORT})
      --host <addr>     interface to listen on (default: 127.0.0.1; $LOCALHOOKS_HOST)
      --allowed-host <name>
                        also answer requests for this host name (repeatable; needed behind a load
                        balancer that forwards its own Host; $LOCALHOOKS_ALLOWED_HOSTS)
  All other options of localhooks dev apply (--space, --data, --apikey, --cors, --timeout,
  --log-level, --llm…); --import and --export-on-exit need --admin.

Examples:
  localhooks serve ./app --store postgres://lh:secret@localhost/lh --port 8081
  LOCALHOOKS_STORE=postgres://lh:secret@db/lh localhooks serve /app --host 0.0.0.0 --allowed-host app`;

export const serveCommand = serverCommand({ name: 'serve', summary: 'serve an app as deployed: built once, no watcher; --store postgres://… for several processes', usage: USAGE, watch: false, admin: false });
