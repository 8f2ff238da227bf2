// A GitHub webhook receiver: verifies the signature over the raw body, drops redeliveries, answers at once
// and does the work from a queue.
import { app, Datastore } from 'codehooks-js';
import { createHmac, timingSafeEqual } from 'node:crypto';

// GitHub retries a delivery it thinks failed; remember delivery ids this long to ignore repeats.
const DELIVERY_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * GitHub's `x-hub-signature-256` header is `sha256=` + the HMAC-SHA256 (hex) of the request body, keyed
 * with the webhook secret. Hash `req.rawBody`, the exact bytes GitHub sent: re-serializing `req.body`
 * changes spacing and key order, and the signature would never match.
 */
function verifySignature(rawBody, header, secret) {
  if (typeof header !== 'string' || !header.startsWith('sha256=')) return false;
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`);
  const given = Buffer.from(header);
  // timingSafeEqual throws when the lengths differ; a constant-time compare keeps the secret from leaking.
  return given.length === expected.length && timingSafeEqual(given, expected);
}

// GitHub sends no x-apikey: let webhook paths through API-key auth; the signature check authenticates them.
app.auth('/webhooks/*', (req, res, next) => next());

app.post('/webhooks/github', async (req, res) => {
  const secret = process.env.GITHUB_WEBHOOK_SECRET;
  if (!secret) return res.status(500).json({ error: 'GITHUB_WEBHOOK_SECRET is not set' });
  if (!verifySignature(req.rawBody, req.headers['x-hub-signature-256'], secret)) {
    return res.status(401).json({ error: 'Invalid signature' });
  }

  const event = req.headers['x-github-event'] || 'unknown';
  const delivery = req.headers['x-github-delivery'] || null;
  if (event === 'ping') return res.json({ ok: true, zen: req.body.zen ?? null });

  const db = await Datastore.open();
  if (delivery) {
    if (await db.get(`delivery:${delivery}`)) return res.json({ ok: true, duplicate: true });
    await db.set(`delivery:${delivery}`, new Date().toISOString(), { ttl: DELIVERY_TTL_MS });
  }
  const doc = await db.insertOne('events', {
    event,
    delivery,
    action: req.body.action ?? null,
    repository: req.body.repository?.full_name ?? null,
    sender: req.body.sender?.login ?? null,
    receivedAt: new Date().toISOString(),
  });
  // Answer within GitHub's 10 s limit; the queue worker does the slow part.
  await db.enqueue('github-events', { eventId: doc._id, event, payload: req.body });
  res.json({ ok: true, id: doc._id });
});

// One event at a time: triage new issues, count pushes. Replace with your own handling.
app.worker('github-events', async (req, res) => {
  const { eventId, event, payload } = req.body.payload;
  const db = await Datastore.open();
  let summary = `${event} ${payload.action ?? ''}`.trim();
  if (event === 'issues' && payload.action === 'opened') {
    const labels = /crash|error|bug|fail/i.test(`${payload.issue.title} ${payload.issue.body ?? ''}`) ? ['bug'] : ['triage'];
    summary = `issue #${payload.issue.number} "${payload.issue.title}" → ${labels.join(', ')}`;
  } else if (event === 'push') {
    summary = `${payload.commits?.length ?? 0} commit(s) to ${payload.ref}`;
  }
  await db.updateOne('events', eventId, { $set: { processedAt: new Date().toISOString(), summary } });
  res.end();
});

// The last 20 events, newest first.
app.get('/events', async (req, res) => {
  const db = await Datastore.open();
  db.getMany('events', {}, { sort: { receivedAt: -1 }, limit: 20 }).json(res);
});

export default app.init();
