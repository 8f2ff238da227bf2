import { createHmac } from 'node:crypto';
import type { SampleContext, WebhookProvider } from '../types.js';

const event = (c: SampleContext, type: string, object: Record<string, unknown>) => ({
  id: `evt_${c.id}`,
  object: 'event',
  api_version: '2024-06-20',
  created: c.now,
  data: { object },
  livemode: false,
  pending_webhooks: 1,
  request: { id: null, idempotency_key: null },
  type,
});

/** Stripe: `Stripe-Signature: t=<ts>,v1=<hex HMAC-SHA256 of "<ts>.<body>">`, keyed with the whole `whsec_…` secret. */
export const stripe: WebhookProvider = {
  id: 'stripe',
  name: 'Stripe',
  secretEnv: ['STRIPE_WEBHOOK_SECRET', 'STRIPE_ENDPOINT_SECRET', 'STRIPE_SIGNING_SECRET'],
  secretLabel: 'endpoint signing secret (whsec_…)',
  contentType: 'application/json; charset=utf-8',
  docs: 'https://docs.stripe.com/webhooks#verify-manually',
  events: {
    'payment_intent.succeeded': (c) => event(c, 'payment_intent.succeeded', { id: `pi_${c.id}`, object: 'payment_intent', amount: 2000, amount_received: 2000, currency: 'usd', status: 'succeeded', customer: `cus_${c.id}`, metadata: {} }),
    'checkout.session.completed': (c) =>
      event(c, 'checkout.session.completed', { id: `cs_test_${c.id}`, object: 'checkout.session', amount_total: 2000, currency: 'usd', customer: `cus_${c.id}`, customer_details: { email: 'jenny@example.com' }, mode: 'payment', payment_status: 'paid', status: 'complete' }),
    'customer.subscription.created': (c) =>
      event(c, 'customer.subscription.created', { id: `sub_${c.id}`, object: 'subscription', customer: `cus_${c.id}`, status: 'active', items: { data: [{ price: { id: 'price_basic', unit_amount: 900, recurring: { interval: 'month' } } }] } }),
    'invoice.payment_failed': (c) => event(c, 'invoice.payment_failed', { id: `in_${c.id}`, object: 'invoice', customer: `cus_${c.id}`, amount_due: 900, attempt_count: 1, status: 'open' }),
  },
  headers({ body, secret, timestamp }, signed) {
    const h: Record<string, string> = { 'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)' };
    if (signed) h['stripe-signature'] = `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
    return h;
  },
};
