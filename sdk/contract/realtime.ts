/**
 * Realtime as the real codehooks-js does it (RT-01…08, CONTRACT-25): `createListener` and `publishEvent` are
 * plain datastore inserts into these collections, and the SDK's `GET <channel>/:listenerID` route only sets the
 * `x-realtime-connect` header; the host turns that request into a server-sent event stream.
 */
export const LISTENERS_PREFIX = '_event_listeners_';
export const PUBLISH_PREFIX = '_event_publish_';
export const REALTIME_CONNECT_HEADER = 'x-realtime-connect';

/** The collection suffix of a channel: the SDK drops its first `/` (`/chat` → `chat`). */
export function channelKey(channel: string): string {
  return channel.replace('/', '');
}

/** What `createListener(channel, subscribe)` stores; its `_id` is the listener id in the stream URL. */
export interface ListenerDoc {
  _id: string;
  subscribe?: Record<string, unknown>;
  timestamp?: string;
}

/** What `publishEvent(channel, data, query)` stores; `data` goes to each listener whose `subscribe` matches `query`. */
export interface PublishDoc {
  _id: string;
  channel?: string;
  data?: unknown;
  query?: Record<string, unknown>;
  timestamp?: string;
}
