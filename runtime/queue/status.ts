import type { QueueRecord, TopicConfig, TopicStatus } from './types.js';

/** Per-topic counts for `status()`: every topic with items, a done count or a registered worker. */
export function topicStatuses(
  items: Iterable<QueueRecord>,
  doneCounts: ReadonlyMap<string, number>,
  configs: ReadonlyMap<string, Required<TopicConfig>> | undefined,
  now: number,
): TopicStatus[] {
  const byTopic = new Map<string, TopicStatus>();
  const row = (topic: string): TopicStatus => {
    let s = byTopic.get(topic);
    if (!s) {
      const cfg = configs?.get(topic);
      s = { topic, waiting: 0, scheduled: 0, leased: 0, failed: 0, done: doneCounts.get(topic) ?? 0, dead: 0, workers: cfg?.workers ?? null, timeout: cfg?.timeout ?? null };
      byTopic.set(topic, s);
    }
    return s;
  };
  for (const topic of doneCounts.keys()) row(topic);
  for (const topic of configs?.keys() ?? []) row(topic);
  for (const rec of items) {
    const s = row(rec.topic);
    if (rec.state === 'waiting') {
      if (rec.dueAt !== undefined && rec.dueAt > now) s.scheduled++;
      else s.waiting++;
    } else if (rec.state === 'leased' || rec.state === 'failed' || rec.state === 'dead') s[rec.state]++;
  }
  return [...byTopic.values()].sort((a, b) => a.topic.localeCompare(b.topic));
}
