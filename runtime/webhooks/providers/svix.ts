import { createHmac } from 'node:crypto';
import type { SampleContext, WebhookProvider } from '../types.js';

const user = (c: SampleContext) => ({
  id: `user_${c.id}`,
  object: 'user',
  first_name: 'Jane',
  last_name: 'Doe',
  email_addresses: [{ id: `idn_${c.id}`, email_address: 'jane@example.com' }],
  primary_email_address_id: `idn_${c.id}`,
  created_at: c.now * 1000,
  updated_at: c.now * 1000,
});
const clerk = (c: SampleContext, type: string, data: unknown) => ({ data, object: 'event', type, timestamp: c.now * 1000, instance_id: 'ins_localhooks' });

/**
 * Svix (Clerk, Resend and others send through it): `svix-signature: v1,<base64 HMAC-SHA256 of
 * "<svix-id>.<svix-timestamp>.<body>">`, keyed with the base64 part of the `whsec_…` secret.
 */
export const svix: WebhookProvider = {
  id: 'svix',
  name: 'Svix / Clerk',
  secretEnv: ['CLERK_WEBHOOK_SECRET', 'CLERK_WEBHOOK_SIGNING_SECRET', 'SVIX_WEBHOOK_SECRET', 'WEBHOOK_SIGNING_SECRET'],
  secretLabel: 'signing secret (whsec_…)',
  contentType: 'application/json',
  docs: 'https://docs.svix.com/receiving/verifying-payloads/how-manual',
  events: {
    'user.created': (c) => clerk(c, 'user.created', user(c)),
    'user.updated': (c) => clerk(c, 'user.updated', { ...user(c), first_name: 'Janet' }),
    'user.deleted': (c) => clerk(c, 'user.deleted', { id: `user_${c.id}`, object: 'user', deleted: true }),
    'session.created': (c) => clerk(c, 'session.created', { id: `sess_${c.id}`, object: 'session', user_id: `user_${c.id}`, status: 'active', created_at: c.now * 1000 }),
  },
  headers({ body, secret, timestamp, deliveryId }, signed) {
    const id = `msg_${deliveryId.replace(/-/g, '')}`;
    const h: Record<string, string> = { 'user-agent': 'Svix-Webhooks/1.0', 'svix-id': id, 'svix-timestamp': String(timestamp) };
    if (signed) {
      const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64');
      h['svix-signature'] = `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest('base64')}`;
    }
    return h;
  },
};
