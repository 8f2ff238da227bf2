// `localhooks mcp` touches a server on this machine only, unless told with --allow-remote.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
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

test('mcp: a client that writes its requests and closes stdin still gets every answer', async () => {
  // The admin API answers only once stdin has ended: the call is in flight when the input closes.
  let ended!: () => void;
  const inputEnded = new Promise<void>((resolve) => (ended = resolve));
  const admin = createServer((_req, res) => void inputEnded.then(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"key":"a","value":"1"}')));
  await new Promise<void>((resolve) => admin.listen(0, '127.0.0.1', resolve));
  const { port } = admin.address() as AddressInfo;
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  const done = runMcp(['--url', `http://127.0.0.1:${port}`], captureIo(), { stdin, stdout });
  const send = (m: object) => stdin.write(`${JSON.stringify(m)}\n`);
  send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } });
  send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'kv_get', arguments: { key: 'a' } } });
  stdin.end();
  stdin.once('end', ended);
  assert.equal(await done, 0);
  admin.close();
  const answers = out.trim().split('\n').map((l) => JSON.parse(l) as { id?: number; result?: { isError?: boolean } });
  const call = answers.find((a) => a.id === 2);
  assert.ok(call, out);
  assert.notEqual(call.result?.isError, true, out);
});
