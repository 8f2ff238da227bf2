// Background work three ways: a queue worker fed by an API route, a cron job, and schedule.runAt for one-off
// work at a given time. All three are durable: queued and scheduled items survive a restart.
import { app, Datastore, schedule } from 'codehooks-js';

// Queue worker: one call per enqueued item, `req.body.payload` is what was enqueued. Two run at once.
app.worker(
  'send-email',
  async (req, res) => {
    const { to, subject } = req.body.payload;
    const db = await Datastore.open();
    // Call your mail provider here; a throw makes localhooks retry the item with backoff.
    await db.insertOne('outbox', { to, subject, sentAt: new Date().toISOString() });
    res.end();
  },
  { workers: 2 },
);

app.post('/emails', async (req, res) => {
  const { to, subject = '(no subject)' } = req.body ?? {};
  if (typeof to !== 'string' || !to.includes('@')) return res.status(400).json({ error: 'Body must be {"to": "name@example.com", "subject": "…"}' });
  const db = await Datastore.open();
  const job = await db.enqueue('send-email', { to, subject });
  res.status(202).json({ queued: true, job });
});

app.get('/emails/sent', async (req, res) => {
  const db = await Datastore.open();
  db.getMany('outbox', {}, { sort: { sentAt: -1 }, limit: 50 }).json(res);
});

// Cron job: every hour on the hour, write a digest of what was sent. (Trigger it now with
// `npx localhooks jobs run 1`.)
app.job('0 * * * *', async (req, res) => {
  const db = await Datastore.open();
  const sent = await db.getMany('outbox', {}).toArray();
  await db.insertOne('digests', { sent: sent.length, recipients: [...new Set(sent.map((m) => m.to))], at: new Date().toISOString() });
  res.end();
});

app.get('/digests', async (req, res) => {
  const db = await Datastore.open();
  db.getMany('digests', {}, { sort: { at: -1 }, limit: 20 }).json(res);
});

// schedule.runAt: run the `reminder` worker once, at a given time.
app.worker('reminder', async (req, res) => {
  const { message, due } = req.body.payload;
  const db = await Datastore.open();
  await db.insertOne('reminders', { message, due, firedAt: new Date().toISOString() });
  res.end();
});

app.post('/reminders', async (req, res) => {
  const { message, inSeconds = 60 } = req.body ?? {};
  const seconds = Number(inSeconds);
  if (typeof message !== 'string' || !(seconds >= 0)) return res.status(400).json({ error: 'Body must be {"message": "…", "inSeconds": 60}' });
  const due = new Date(Date.now() + seconds * 1000);
  await schedule.runAt(due, { message, due: due.toISOString() }, 'reminder');
  res.status(202).json({ scheduled: true, due: due.toISOString() });
});

app.get('/reminders', async (req, res) => {
  const db = await Datastore.open();
  db.getMany('reminders', {}, { sort: { firedAt: -1 }, limit: 50 }).json(res);
});

export default app.init();
