// The image's entrypoint: `localhooks dev /userapp --data /data --port 8080` (or `serve` when
// LOCALHOOKS_COMMAND=serve: docker-compose.scale.yml), plus any arguments given to the container (compose
// `command:` or `docker run localhooks --log-level debug`).
// Node rather than sh: a Windows checkout with CRLF line endings or without the executable bit still runs it.
import { main } from '../dist/runtime/cli/main.js';

const env = process.env;
const args = [
  env.LOCALHOOKS_COMMAND === 'serve' ? 'serve' : 'dev',
  env.LOCALHOOKS_APP_DIR || '/userapp',
  '--data',
  env.LOCALHOOKS_DATA_DIR || '/data',
  // Not $PORT: the app's .env (passed in by env_file) sets PORT for the host side of the port mapping, and the
  // server must stay on the container port that mapping targets.
  '--port',
  env.LOCALHOOKS_PORT || '8080',
  ...process.argv.slice(2),
];

main(args).then(
  (code) => {
    if (typeof code === 'number') process.exitCode = code;
  },
  (err) => {
    console.error(err?.stack ?? String(err));
    process.exitCode = 1;
  },
);
