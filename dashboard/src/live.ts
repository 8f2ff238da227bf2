import { useEffect, useRef, useState } from 'preact/hooks';
import { API } from './api.js';

type Handler = (data: any) => void;
const handlers = new Map<string, Set<Handler>>();
const statusListeners = new Set<(s: LiveStatus) => void>();
export type LiveStatus = 'connecting' | 'live' | 'offline';
let status: LiveStatus = 'connecting';
let source: EventSource | null = null;

function setStatus(s: LiveStatus) {
  status = s;
  for (const l of statusListeners) l(s);
}

/** The page's one event stream; views subscribe to the event types they draw. */
export function startLive(): void {
  if (source) return;
  source = new EventSource(`${API}/events`);
  source.onopen = () => setStatus('live');
  source.onerror = () => setStatus(source?.readyState === EventSource.CLOSED ? 'offline' : 'connecting');
  const types = ['hello', 'request', 'workflow', 'stats', 'build', 'data', 'log', 'llm', 'jobs', 'files'];
  for (const t of types) source.addEventListener(t, (e) => emit(t, JSON.parse((e as MessageEvent).data)));
}

function emit(type: string, data: unknown): void {
  for (const h of handlers.get(type) ?? []) h(data);
}

export function onLive(type: string, h: Handler): () => void {
  let set = handlers.get(type);
  if (!set) handlers.set(type, (set = new Set()));
  set.add(h);
  return () => set!.delete(h);
}

/** Calls `h` for each event of `type` while the component is mounted (the latest `h`). */
export function useLive(type: string, h: Handler): void {
  const ref = useRef(h);
  ref.current = h;
  useEffect(() => onLive(type, (d) => ref.current(d)), [type]);
}

export function useLiveStatus(): LiveStatus {
  const [s, set] = useState(status);
  useEffect(() => {
    statusListeners.add(set);
    return () => void statusListeners.delete(set);
  }, []);
  return s;
}

/** Runs `fn` at most every `ms` while events keep arriving (a burst of writes → one reload). */
export function throttle(fn: () => void, ms: number): () => void {
  let t: ReturnType<typeof setTimeout> | null = null;
  let again = false;
  return () => {
    if (t) {
      again = true;
      return;
    }
    fn();
    t = setTimeout(function tick() {
      t = null;
      if (again) {
        again = false;
        fn();
        t = setTimeout(tick, ms);
      }
    }, ms);
  };
}
