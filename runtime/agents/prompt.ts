import { TOOLS } from './tools.js';

const firstSentence = (s: string) => (/^.*?[.!?](?=\s|$)/.exec(s)?.[0] ?? s);

/**
 * What `localhooks prompt` prints: a context for coding agents, meant to be appended to AGENTS.md / CLAUDE.md
 * (`localhooks prompt >> AGENTS.md`), as `coho prompt` is for the cloud. Short: it is read on every session.
 */
export function agentPrompt(): string {
  return `## Running this Codehooks.io app locally with localhooks

This is a Codehooks.io backend (\`codehooks-js\`). localhooks runs it on this machine, offline: routes, the
NoSQL datastore, key-value, queues, cron jobs, workflows, files, realtime and an offline OpenAI/Anthropic
stand-in. Nothing is deployed; deploy with \`coho deploy\` when done.

Run and inspect
- \`npx localhooks dev\` serves the app at http://localhost:8080/dev (routes keep their paths under /dev) and
  reloads on every save in well under a second; a failed build keeps the last good version and prints the error.
- \`npx localhooks doctor\` checks Node, the build, env variables, undeclared packages, data folder and port,
  with the fix for each (exit code 0 only when all pass). Run it first when something does not start.
- \`npx localhooks describe\` (\`--json\`) shows URLs, routes, workers, jobs, workflows, collections and queues.
- \`npx localhooks logs -f\`, \`query <collection> 'status=open'\`, \`count\`, \`kv\`, \`queue-status\`,
  \`workflow-status\`, \`jobs run 1\`, \`time advance 2h\`, \`snapshot save|restore <name>\`, \`webhook\`: the
  server's state from the shell (\`--help\` on each). Dashboard: http://localhost:8080/.localhooks/
- Admin API: http://localhost:8080/.localhooks/api (OpenAPI: /.localhooks/api/openapi.json). Send
  \`-H 'x-localhooks-client: curl'\` or a JSON body with POST/PUT/PATCH/DELETE.
- Secrets go in \`.env\` (KEY=value) and are read with process.env; OpenAI/Anthropic calls get deterministic
  offline answers unless a real key is set.

Test with the test kit (node:test, jest or vitest)
\`\`\`js
import { startTestServer } from 'localhooks/testing';
const server = await startTestServer({ appDir: '.', storage: 'memory', clock: 'manual' });
const res = await fetch(\`\${server.url}/items\`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"a"}' });
await server.queues.drain();            // run queued work now
await server.clock.advance('25h');      // TTL, cron, runAt and retries move with it
await server.workflows.waitFor(id, { done: true });
server.llm.reply(/summarize/, 'A short summary.');   // script the offline model
await server.stop();
\`\`\`

MCP tools (\`npx localhooks mcp\`, stdio; see docs/agents.md for the client configuration)
${TOOLS.map((t) => `- ${t.name}: ${firstSentence(t.description)}`).join('\n')}
Agent loop: edit a file → build_status {changedFrom: <previous at>} → call_route → read_logs / query_documents.
`;
}
