/** What a provider's signing needs: the exact body bytes, the secret, the time and a delivery id. */
export interface SignInput {
  body: Buffer;
  secret: string;
  /** Epoch seconds (the server clock), for schemes that sign a timestamp. */
  timestamp: number;
  /** A fresh id for this delivery (GitHub's X-GitHub-Delivery, Svix's svix-id …). */
  deliveryId: string;
  event: string;
}

export interface SampleContext {
  /** Epoch seconds. */
  now: number;
  /** A short random id to make sample ids unique. */
  id: string;
}

/** One webhook provider: its event catalogue with sample payloads, and how it signs a delivery. */
export interface WebhookProvider {
  id: string;
  name: string;
  /** `.env` names searched, in order, for the signing secret. */
  secretEnv: readonly string[];
  /** What the secret is called in the provider's settings, for messages. */
  secretLabel: string;
  contentType: string;
  events: Record<string, (c: SampleContext) => unknown>;
  /** The headers of one delivery: the event's name, ids, the signature. */
  headers(input: SignInput, signed: boolean): Record<string, string>;
  /** Docs of the provider's verification scheme, linked from the view. */
  docs: string;
}
