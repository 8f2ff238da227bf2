import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataStream } from '../../../sdk/data-stream.js';

async function* items<T>(list: T[], failAt = -1): AsyncIterable<T> {
  for (let i = 0; i < list.length; i++) {
    if (i === failAt) throw Object.assign(new Error('boom'), { code: 'LH_DB_INVALID_QUERY', status: 400 });
    await Promise.resolve();
    yield list[i]!;
  }
}

class FakeRes {
  headers: Record<string, string> = {};
  chunks: string[] = [];
  ended = false;
  statusCode = 200;
  set(name: string, value: string): this {
    this.headers[name.toLowerCase()] = value;
    return this;
  }
  getHeader(name: string): string | undefined {
    return this.headers[name.toLowerCase()];
  }
  status(code: number): this {
    this.statusCode = code;
    return this;
  }
  write(chunk: string): void {
    assert.equal(this.ended, false, 'write after end');
    this.chunks.push(chunk);
  }
  end(chunk?: string): void {
    if (chunk !== undefined) this.chunks.push(chunk);
    this.ended = true;
  }
  get body(): string {
    return this.chunks.join('');
  }
}

test('DataStream CONTRACT-31: not thenable; await gives the stream itself', async () => {
  const s = new DataStream(() => items([1]));
  assert.equal('then' in s, false);
  assert.equal(await s, s);
  assert.deepEqual(await s.toArray(), [1]);
});

test('DataStream CONTRACT-31: listeners attached late (next tick, after an await) still get every item', async () => {
  const s = new DataStream(() => items([1, 2, 3]));
  await new Promise((r) => setImmediate(r));
  await Promise.resolve();
  const seen: number[] = [];
  await new Promise<void>((resolve) => s.on('data', (d: number) => seen.push(d)).on('end', resolve));
  assert.deepEqual(seen, [1, 2, 3]);
  const t = new DataStream(() => items(['a']));
  t.on('data', () => undefined);
  const late: string[] = [];
  queueMicrotask(() => t.on('data', (d: string) => late.push(d)));
  await new Promise<void>((resolve) => t.on('end', resolve));
  assert.deepEqual(late, ['a']);
});

test('DataStream: nothing is read until someone consumes', async () => {
  let opened = 0;
  const s = new DataStream(() => {
    opened++;
    return items([1]);
  });
  await new Promise((r) => setTimeout(r, 5));
  assert.equal(opened, 0);
  await s.toArray();
  assert.equal(opened, 1);
});

test('DB-13 forEach awaits an async callback before the next item', async () => {
  const order: string[] = [];
  let inFlight = 0;
  await new DataStream(() => items([1, 2, 3])).forEach(async (n) => {
    inFlight++;
    assert.equal(inFlight, 1, 'one callback at a time');
    order.push(`start ${n}`);
    await new Promise((r) => setImmediate(r));
    order.push(`end ${n}`);
    inFlight--;
  });
  assert.deepEqual(order, ['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
});

test('DB-14 json(res): streams a JSON array, sets content-type when unset, ends the response', async () => {
  const res = new FakeRes();
  await new DataStream(() => items([{ a: 1 }, { b: 'x' }])).json(res);
  assert.equal(res.headers['content-type'], 'application/json');
  assert.deepEqual(JSON.parse(res.body), [{ a: 1 }, { b: 'x' }]);
  assert.equal(res.ended, true);
  const res2 = new FakeRes().set('Content-Type', 'text/plain');
  await new DataStream(() => items([])).json(res2);
  assert.equal(res2.headers['content-type'], 'text/plain', 'an existing content-type is kept');
  assert.equal(res2.body, '[]');
  const big = Array.from({ length: 3000 }, (_, i) => ({ i, pad: 'x'.repeat(20) }));
  const res3 = new FakeRes();
  await new DataStream(() => items(big)).json(res3);
  assert.ok(res3.chunks.length > 2, 'written in chunks');
  assert.equal(JSON.parse(res3.body).length, 3000);
});

test('DB-14 json(res): an error before the first byte becomes an error response with its status', async () => {
  const res = new FakeRes();
  await new DataStream(() => items([1], 0)).json(res);
  assert.equal(res.statusCode, 400);
  assert.deepEqual(JSON.parse(res.body), { error: 'boom', code: 'LH_DB_INVALID_QUERY' });
  assert.equal(res.ended, true);
});

test('DB-11 events: data/end in order; error goes to an error listener; toArray rejects', async () => {
  const errors: unknown[] = [];
  await new Promise<void>((resolve) => {
    const s = new DataStream(() => items([1, 2], 1));
    s.on('error', (e: unknown) => {
      errors.push(e);
      resolve();
    });
    s.on('data', () => undefined);
  });
  assert.equal((errors[0] as Error).message, 'boom');
  await assert.rejects(new DataStream(() => items([1, 2], 1)).toArray(), /boom/);
});

test('DataStream: pipe writes JSON text into a writable; for-await iterates; a second read is refused', async () => {
  const res = new FakeRes();
  const s = new DataStream(() => items([1, 2]));
  assert.equal(s.pipe(res), res);
  await new Promise<void>((resolve) => s.on('end', resolve));
  await new Promise((r) => setImmediate(r));
  assert.equal(res.body, '[1,2]');
  const out: number[] = [];
  for await (const n of new DataStream(() => items([4, 5]))) out.push(n as number);
  assert.deepEqual(out, [4, 5]);
  const once = new DataStream(() => items([1]));
  await once.toArray();
  await assert.rejects(once.toArray(), { code: 'LH_DB_STREAM_CONSUMED' });
});
