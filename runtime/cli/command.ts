/** One CLI command: `localhooks <name> …`. Each lives in its own file under commands/. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(args: string[]): Promise<number>;
}
