// The docs' realtime chat in a real browser: the page comes from app.static, listens with EventSource, and a
// message posted from another tab shows up in the first.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { startFixture, type TestApp } from '../../helpers/app-server.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let app: TestApp;
let browser: Browser;
let shots: string;
before(async () => {
  app = await startFixture('realtime-app');
  browser = await chromium.launch({ executablePath: CHROMIUM });
  shots = await mkdtemp(join(tmpdir(), 'lh-rt-browser-'));
});
after(async () => {
  await browser?.close();
  await app?.close();
  await rm(shots, { recursive: true, force: true });
});

test('RT-06 browser: a page served by app.static listens with EventSource; a message posted in another tab shows up in it', async (t) => {
  const context = await browser.newContext();
  const page = `http://localhost:${app.lh.port}/dev/public/index.html`;
  const reader = await context.newPage();
  await reader.goto(page);
  await reader.locator('#statusIndicator', { hasText: 'Live data ready' }).waitFor();
  const writer = await context.newPage();
  await writer.goto(page);
  await writer.locator('#statusIndicator', { hasText: 'Live data ready' }).waitFor();

  await writer.fill('#aliasInput', 'Bob');
  await writer.fill('#messageInput', 'hello from the other tab');
  await writer.press('#messageInput', 'Enter');
  await reader.locator('#messages div', { hasText: 'Bob: hello from the other tab' }).waitFor();
  await writer.locator('#messages div', { hasText: 'Bob: hello from the other tab' }).waitFor();
  // A second message, sent with the button, arrives after the first.
  await writer.fill('#messageInput', 'and another');
  await writer.click('#sendButton');
  await reader.locator('#messages div', { hasText: 'Bob: and another' }).waitFor();
  assert.deepEqual(await reader.locator('#messages div').allTextContents(), ['Bob: hello from the other tab', 'Bob: and another']);
  // The page clears the input once its POST answers, which may come after the reader got the event.
  await writer.waitForFunction(() => (document.querySelector('#messageInput') as HTMLInputElement).value === '');

  const shot = join(shots, 'chat.png');
  await reader.screenshot({ path: shot });
  assert.deepEqual([...(await readFile(shot)).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'a PNG screenshot');
  t.diagnostic(`screenshot: ${shot}`);
  await context.close();
});
