import assert from 'node:assert/strict';
import test from 'node:test';
import { COMMANDS } from '../../../runtime/cli/commands/index.js';
import { COMMAND_LOADERS } from '../../../runtime/cli/commands/lazy.js';

test('cli: the lazy command table names every command of --help, in order, and loads the same command', async () => {
  assert.deepEqual([...COMMAND_LOADERS.keys()], COMMANDS.map((c) => c.name));
  for (const command of COMMANDS) assert.equal(await COMMAND_LOADERS.get(command.name)!(), command, command.name);
});
