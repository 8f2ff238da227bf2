import { createPrivateKey, sign } from 'node:crypto';
import type { WebhookProvider } from '../types.js';

const user = { id: '53908232506183680', username: 'mason', global_name: 'Mason' };

/**
 * Discord: `X-Signature-Ed25519: <hex Ed25519 signature of timestamp + body>` with `X-Signature-Timestamp`.
 * Discord signs with its private key and apps verify with the application's public key, so localhooks signs
 * with a key pair of its own (kept in the data folder): put its public key in `.env` as `DISCORD_PUBLIC_KEY`.
 * The "secret" here is that private key (PKCS#8 DER, hex).
 */
export const discord: WebhookProvider = {
  id: 'discord',
  name: 'Discord',
  secretEnv: [],
  secretLabel: 'application public key (localhooks signs with its own key pair)',
  contentType: 'application/json',
  docs: 'https://discord.com/developers/docs/interactions/overview#setting-up-an-endpoint-validating-security-request-headers',
  events: {
    ping: (c) => ({ id: c.id, application_id: '1000000000000000000', type: 1, token: `tok_${c.id}`, version: 1 }),
    application_command: (c) => ({
      id: c.id,
      application_id: '1000000000000000000',
      type: 2,
      data: { id: '2000000000000000000', name: 'summarize', type: 1, options: [{ name: 'text', type: 3, value: 'Summarize the release notes for v1.0.' }] },
      guild_id: '3000000000000000000',
      channel_id: '4000000000000000000',
      member: { user, roles: [] },
      token: `tok_${c.id}`,
      version: 1,
    }),
  },
  headers({ body, secret, timestamp }, signed) {
    const h: Record<string, string> = { 'user-agent': 'Discord-Interactions/1.0 (+https://discord.com)', 'x-signature-timestamp': String(timestamp) };
    if (signed) {
      const key = createPrivateKey({ key: Buffer.from(secret, 'hex'), format: 'der', type: 'pkcs8' });
      h['x-signature-ed25519'] = sign(null, Buffer.concat([Buffer.from(String(timestamp)), body]), key).toString('hex');
    }
    return h;
  },
};
