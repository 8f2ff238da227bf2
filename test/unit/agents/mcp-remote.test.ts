// `localhooks mcp` touches a server on this machine only, unless told with --allow-remote.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLoopbackOrigin, runMcp } from '../../../runtime/cli/commands/mcp.js';
import { captureIo } from '../../helpers/admin-api.js';

test('mcp: loopback origins are localhost, *.localhost, 127.0.0.0/8 and ::1', () => {
  for (const o of ['http://localhost:8080', 'http://app.localhost:8080', 'http://127.0.0.1:8080', 'http://127.1.2.3', 'http://[::1]:8080']) assert.equal(isLoopbackOrigin(o), true, o);
  for (const o of ['http://example.com:8080', 'http://10.0.0.5:8080', 'http://localhost.example.com', 'http://[::2]:8080', 'http://0.0.0.0:8080']) assert.equal(isLoopbackOrigin(o), false, o);
});

test('mcp: a --url that is not on this machine is refused (LH_MCP_REMOTE_REFUSED) unless --allow-remote', async () => {
  const io = captureIo();
  assert.equal(await runMcp(['--url', 'http://192.168.1.20:8080'], io), 1);
  assert.match(io.stderr, /LH_MCP_REMOTE_REFUSED: http:\/\/192\.168\.1\.20:8080 is not on this machine.*--allow-remote/);
  const bad = captureIo();
  assert.equal(await runMcp(['--url', 'not a url'], bad), 1);
  assert.match(bad.stderr, /--url: not a URL/);
});
