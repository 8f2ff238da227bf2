import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import type { Store } from '../storage/index.js';
import { WebhookError } from './errors.js';
import { discord } from './providers/discord.js';
import { github } from './providers/github.js';
import { shopify } from './providers/shopify.js';
import { slack } from './providers/slack.js';
import { stripe } from './providers/stripe.js';
import { svix } from './providers/svix.js';
import type { WebhookProvider } from './types.js';

/** Every provider the sender knows, in the order the view lists them. */
export const PROVIDERS: Readonly<Record<string, WebhookProvider>> = Object.freeze(Object.fromEntries([github, stripe, slack, shopify, svix, discord].map((p) => [p.id, p])));
const DISCORD_KEY = 'webhooks/discord-ed25519';

export interface ComposeInput {
  provider: string;
  event: string;
  /** The body to send instead of the sample (sent byte-exact). */
  body?: Buffer;
  /** The app's environment (`.env`), where the secret is looked up. */
  env: Record<string, string>;
  /** A secret to sign with instead of the one in `.env`. */
  secret?: string;
  /** Epoch ms. */
  now: number;
}

export interface Composed {
  provider: string;
  event: string;
  headers: Record<string, string>;
  body: Buffer;
  signed: boolean;
  /** Where the secret came from: a `.env` name, `given`, or localhooks' own key (Discord). */
  secretSource: string | null;
  /** Something the developer should know (no secret found, Discord's public key). */
  note: string | null;
}

export function providerOf(id: string): WebhookProvider {
  const p = PROVIDERS[id];
  if (!p) throw new WebhookError('LH_WEBHOOK_UNKNOWN_PROVIDER', `no webhook provider "${id}" (known: ${Object.keys(PROVIDERS).join(', ')})`);
  return p;
}

export function sampleOf(p: WebhookProvider, event: string, now: number): unknown {
  const make = p.events[event];
  if (!make) throw new WebhookError('LH_WEBHOOK_UNKNOWN_EVENT', `${p.name} has no sample for event "${event}" (events: ${Object.keys(p.events).join(', ')}); send your own body with --data`);
  return make({ now: Math.floor(now / 1000), id: randomBytes(6).toString('hex') });
}

/** Builds one delivery as the provider would send it: sample (or given) body, its headers, its signature. */
export class WebhookComposer {
  #store: Store;
  #discord: { privateDer: string; publicHex: string } | null = null;

  constructor(store: Store) {
    this.#store = store;
  }

  /** The public key apps verify Discord deliveries with (hex, as Discord shows it). */
  async discordPublicKey(): Promise<string> {
    return (await this.#discordKey()).publicHex;
  }

  /** The `.env` name holding each provider's secret, or null. */
  secretNames(env: Record<string, string>): Record<string, string | null> {
    return Object.fromEntries(Object.values(PROVIDERS).map((p) => [p.id, p.secretEnv.find((n) => env[n]) ?? null]));
  }

  async compose(input: ComposeInput): Promise<Composed> {
    const p = providerOf(input.provider);
    // An event name outside the catalogue is fine with a body of one's own (GitHub has hundreds of events).
    const body = input.body ?? Buffer.from(JSON.stringify(sampleOf(p, input.event, input.now), null, 2));
    let secret: string | null = input.secret ?? null;
    let source: string | null = input.secret !== undefined ? 'given' : null;
    let note: string | null = null;
    if (p.id === discord.id) {
      const key = await this.#discordKey();
      secret = key.privateDer;
      source = 'localhooks key pair';
      if (input.env.DISCORD_PUBLIC_KEY !== key.publicHex) note = `Discord deliveries are signed with localhooks' own key pair: set DISCORD_PUBLIC_KEY=${key.publicHex} in .env to verify them`;
    } else if (secret === null) {
      const name = p.secretEnv.find((n) => input.env[n]);
      if (name) {
        secret = input.env[name]!;
        source = name;
      } else note = `not signed: .env sets none of ${p.secretEnv.join(', ')} (the ${p.name} ${p.secretLabel})`;
    }
    const headers = { 'content-type': p.contentType, ...p.headers({ body, secret: secret ?? '', timestamp: Math.floor(input.now / 1000), deliveryId: randomUUID(), event: input.event }, secret !== null) };
    return { provider: p.id, event: input.event, headers, body, signed: secret !== null, secretSource: source, note };
  }

  async #discordKey(): Promise<{ privateDer: string; publicHex: string }> {
    if (this.#discord) return this.#discord;
    const stored = await this.#store.get(DISCORD_KEY);
    if (stored) return (this.#discord = JSON.parse(stored) as { privateDer: string; publicHex: string });
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const spki = publicKey.export({ format: 'der', type: 'spki' });
    const key = { privateDer: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('hex'), publicHex: spki.subarray(spki.length - 32).toString('hex') };
    await this.#store.put(DISCORD_KEY, JSON.stringify(key));
    return (this.#discord = key);
  }
}
