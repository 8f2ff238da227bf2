import { createHmac } from 'node:crypto';
import type { SampleContext, WebhookProvider } from '../types.js';

const callback = (c: SampleContext, ev: Record<string, unknown>) => ({
  token: 'verification-token',
  team_id: 'T0001',
  api_app_id: 'A0001',
  event: { ...ev, event_ts: `${c.now}.000100` },
  type: 'event_callback',
  event_id: `Ev${c.id.toUpperCase()}`,
  event_time: c.now,
});

/** Slack: `X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:<ts>:<body>">` with `X-Slack-Request-Timestamp`. */
export const slack: WebhookProvider = {
  id: 'slack',
  name: 'Slack',
  secretEnv: ['SLACK_SIGNING_SECRET'],
  secretLabel: 'signing secret',
  contentType: 'application/json',
  docs: 'https://api.slack.com/authentication/verifying-requests-from-slack',
  events: {
    url_verification: (c) => ({ token: 'verification-token', challenge: `challenge-${c.id}`, type: 'url_verification' }),
    app_mention: (c) => callback(c, { type: 'app_mention', user: 'U0001', text: '<@U0BOT> summarize the release notes please', ts: `${c.now}.000100`, channel: 'C0001' }),
    message: (c) => callback(c, { type: 'message', user: 'U0001', text: 'The deploy finished without errors.', ts: `${c.now}.000200`, channel: 'C0001', channel_type: 'channel' }),
    reaction_added: (c) => callback(c, { type: 'reaction_added', user: 'U0001', reaction: 'thumbsup', item: { type: 'message', channel: 'C0001', ts: `${c.now}.000100` } }),
  },
  headers({ body, secret, timestamp }, signed) {
    const h: Record<string, string> = { 'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)', 'x-slack-request-timestamp': String(timestamp) };
    if (signed) h['x-slack-signature'] = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:`).update(body).digest('hex')}`;
    return h;
  },
};
