import { createHmac } from 'node:crypto';
import type { SampleContext, WebhookProvider } from '../types.js';

const customer = { id: 706405506930370000, email: 'bob@example.com', first_name: 'Bob', last_name: 'Norman' };
const order = (c: SampleContext) => ({
  id: 820982911946154500 + (c.now % 1000),
  name: '#1001',
  email: 'bob@example.com',
  created_at: new Date(c.now * 1000).toISOString(),
  currency: 'USD',
  total_price: '29.00',
  financial_status: 'paid',
  line_items: [{ id: 866550311766439000, title: 'Classic T-shirt', quantity: 1, price: '29.00', sku: 'TS-1' }],
  customer,
});

/** Shopify: `X-Shopify-Hmac-Sha256: <base64 HMAC-SHA256 of the body>`, with the topic in `X-Shopify-Topic`. */
export const shopify: WebhookProvider = {
  id: 'shopify',
  name: 'Shopify',
  secretEnv: ['SHOPIFY_WEBHOOK_SECRET', 'SHOPIFY_API_SECRET', 'SHOPIFY_CLIENT_SECRET'],
  secretLabel: "app's client secret",
  contentType: 'application/json',
  docs: 'https://shopify.dev/docs/apps/build/webhooks/subscribe/https#step-5-verify-the-webhook',
  events: {
    'orders/create': order,
    'orders/paid': order,
    'products/update': (c) => ({ id: 632910392, title: 'Classic T-shirt', status: 'active', updated_at: new Date(c.now * 1000).toISOString(), variants: [{ id: 808950810, price: '29.00', inventory_quantity: 10 }] }),
    'customers/create': (c) => ({ ...customer, created_at: new Date(c.now * 1000).toISOString() }),
    'app/uninstalled': () => ({ id: 548380009, name: 'Super Toys', domain: 'super-toys.myshopify.com' }),
  },
  headers({ body, secret, deliveryId, event, timestamp }, signed) {
    const h: Record<string, string> = {
      'user-agent': 'Shopify-Captain-Hook',
      'x-shopify-topic': event,
      'x-shopify-shop-domain': 'super-toys.myshopify.com',
      'x-shopify-api-version': '2025-01',
      'x-shopify-webhook-id': deliveryId,
      'x-shopify-event-id': deliveryId,
      'x-shopify-triggered-at': new Date(timestamp * 1000).toISOString(),
    };
    if (signed) h['x-shopify-hmac-sha256'] = createHmac('sha256', secret).update(body).digest('base64');
    return h;
  },
};
