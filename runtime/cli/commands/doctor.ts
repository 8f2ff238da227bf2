import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Command } from '../command.js';
import { renderDoctor, runDoctor } from '../../agents/doctor.js';
import { DEFAULT_PORT } from '../../app.js';
import { CliUsageError, defaultIo, reportCliError, usageErrorOf, type CliIo } from '../../queue/admin-client.js';

const USAGE = `localhooks doctor [app-dir] [options]

Checks that an app folder is ready to serve, and says how to fix what is not: the Node.js version; package.json
and its "main"; the app builds (and which codehooks-js it uses); every process.env variable the app's code
reads is set in .env or the shell; every package it imports is declared in package.json; the data folder is not
held by another server; the port is free. Exits 0 only when every check passes.

Options:
  -p, --port <n>      the port localhooks dev would use (default: $PORT or 8080)
      --data <dir>    the data folder (default: <app-dir>/.localhooks/data)
      --json          print the checks as JSON: [{name, ok, detail, fix?}]

Example:
  localhooks doctor && localhooks dev`;

export async function runDoctorCommand(args: string[], io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({ args, strict: true, allowPositionals: true, options: { port: { type: 'string', short: 'p' }, data: { type: 'string' }, json: { type: 'boolean' } } });
    if (positionals.length > 1) throw new CliUsageError(`expected one app folder, got ${positionals.join(' ')}`);
    const port = values.port ?? io.env.PORT ?? String(DEFAULT_PORT);
    if (!/^\d{1,5}$/.test(port) || Number(port) > 65_535) throw new CliUsageError(`--port: not a port number: ${port}`);
    const appDir = resolve(positionals[0] ?? '.');
    // Every check below would pass or fail for the wrong reason on a folder that is not there.
    if (!(await stat(appDir).catch(() => null))?.isDirectory()) throw new CliUsageError(`app folder not found: ${appDir}`);
    const checks = await runDoctor({ appDir, dataDir: values.data, port: Number(port), env: io.env });
    io.out(values.json ? `${JSON.stringify(checks, null, 2)}\n` : renderDoctor(checks));
    return checks.every((c) => c.ok) ? 0 : 1;
  } catch (err) {
    return reportCliError(io, 'doctor', usageErrorOf(err) ?? err);
  }
}

export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'check an app folder (Node, build, env variables, dependencies, data folder, port) and say how to fix it',
  usage: USAGE,
  run: (args) => runDoctorCommand(args, defaultIo()),
};
