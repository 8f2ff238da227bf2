/** The small apps the scale benches serve (written to a temp folder as `index.js`). */

/** A no-op worker (one `incr`) with `workers: 4`, and a route that enqueues `n` items one `await` at a time. */
export const QUEUE_APP = `import { app, Datastore } from 'codehooks-js';
app.worker('noop', async (req, res) => {
  const conn = await Datastore.open();
  await conn.incr('done', 1);
  res.end();
}, { workers: 4 });
app.post('/fill', async (req, res) => {
  const conn = await Datastore.open();
  for (let i = 0; i < req.body.n; i++) await conn.enqueue('noop', { i, to: 'someone@example.com' });
  res.json({ n: req.body.n });
});
app.get('/done', async (req, res) => {
  const conn = await Datastore.open();
  res.json({ done: Number((await conn.get('done')) ?? 0) });
});
export default app.init();
`;

/** A linear 5-step workflow; the last step counts completed instances. */
export const WORKFLOW_APP = `import { app, Datastore } from 'codehooks-js';
const steps = ['step1', 'step2', 'step3', 'step4', 'step5'];
const def = {};
steps.forEach((name, i) => {
  def[name] = async (state, goto) => {
    if (i === steps.length - 1) await (await Datastore.open()).incr('wfdone', 1);
    goto(steps[i + 1] ?? null, { ...state, [name]: true });
  };
});
const wf = app.createWorkflow('bench', 'benchmark workflow', def);
app.post('/start', async (req, res) => {
  for (let i = 0; i < req.body.n; i++) await wf.start({ i });
  res.json({ n: req.body.n });
});
app.get('/done', async (req, res) => {
  const conn = await Datastore.open();
  res.json({ done: Number((await conn.get('wfdone')) ?? 0) });
});
export default app.init();
`;

/** Timed datastore calls from app code against collection \`items\` (indexed on \`grp\`); each answers its own ms. */
export const DOCS_APP = `import { app, Datastore } from 'codehooks-js';
const doc = (i) => ({ i, grp: Math.floor(i / 100), tag: 't' + (i % 7), body: 'x'.repeat(100) });
app.post('/insert', async (req, res) => {
  const conn = await Datastore.open();
  const t = performance.now();
  for (let i = req.body.from; i < req.body.from + req.body.n; i++) await conn.insertOne('items', doc(i));
  res.json({ ms: performance.now() - t });
});
app.get('/eq', async (req, res) => {
  const conn = await Datastore.open();
  const t = performance.now();
  const docs = await conn.getMany('items', { grp: Number(req.query.grp) }).toArray();
  res.json({ n: docs.length, ms: performance.now() - t });
});
app.get('/scan', async (req, res) => {
  const conn = await Datastore.open();
  const t = performance.now();
  const docs = await conn.getMany('items', { tag: 'none' }).toArray();
  res.json({ n: docs.length, ms: performance.now() - t });
});
app.get('/count', async (req, res) => {
  const conn = await Datastore.open();
  const t = performance.now();
  const { count } = await conn.count('items');
  res.json({ n: count, ms: performance.now() - t });
});
export default app.init();
`;

export const docOf = (i: number) => ({ i, grp: Math.floor(i / 100), tag: 't' + (i % 7), body: 'x'.repeat(100) });
