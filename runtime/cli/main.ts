import { VERSION } from '../version.js';
import type { Command } from './command.js';
import { COMMAND_LOADERS } from './commands/lazy.js';
import { usageErrorOf } from '../queue/admin-client.js';

async function help(): Promise<string> {
  const { COMMANDS } = await import('./commands/index.js');
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `localhooks ${VERSION} — run Codehooks.io apps locally, offline

Usage: localhooks <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Options:
  -h, --help     show help (also: localhooks <command> --help)
  -v, --version  print the version

Start with: localhooks dev   (serves ./index.js or ./index.ts at http://localhost:8080/dev)`;
}

export async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    console.log(await help());
    return 0;
  }
  if (first === '-v' || first === '--version') {
    console.log(VERSION);
    return 0;
  }
  const load = COMMAND_LOADERS.get(first);
  if (!load) {
    console.error(`localhooks: unknown command "${first}"\n\n${await help()}`);
    return 1;
  }
  const command: Command = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(command.usage);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    const usage = usageErrorOf(err);
    if (!usage) throw err;
    console.error(`localhooks ${command.name}: ${usage.message}\n\n${command.usage}`);
    return 1;
  }
}
