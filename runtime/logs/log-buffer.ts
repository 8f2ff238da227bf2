import { formatArgs, LOG_LEVELS, type Logger, type LogLevel, type LogRecord } from '../logger.js';

/** One line of the server's log (localhooks' own lines and the app's console), as the admin API serves it. */
export interface LogEntry {
  /** Increasing number, so a client that reconnects can tell what it has seen. */
  seq: number;
  /** Real time, epoch ms. */
  time: number;
  level: LogRecord['level'];
  text: string;
}

/** Lines kept for `localhooks logs` and new streams: enough to show what led up to an error, bounded in memory. */
export const LOG_BACKLOG = 1000;

/** The last LOG_BACKLOG log lines, and the live ones for whoever follows. */
export class LogBuffer {
  readonly #max: number;
  readonly #lines: LogEntry[] = [];
  readonly #listeners = new Set<(e: LogEntry) => void>();
  #seq = 0;

  constructor(max = LOG_BACKLOG) {
    this.#max = max;
  }

  push(level: LogRecord['level'], text: string, time = Date.now()): void {
    const e: LogEntry = { seq: ++this.#seq, time, level, text };
    this.#lines.push(e);
    if (this.#lines.length > this.#max) this.#lines.splice(0, this.#lines.length - this.#max);
    for (const fn of this.#listeners) fn(e);
  }

  /** The last `n` lines (all kept ones by default), oldest first. */
  tail(n = this.#max): LogEntry[] {
    return n <= 0 ? [] : this.#lines.slice(-n);
  }

  subscribe(fn: (e: LogEntry) => void): () => void {
    this.#listeners.add(fn);
    return () => void this.#listeners.delete(fn);
  }
}

const rank = (level: LogLevel): number => LOG_LEVELS.indexOf(level);

/** A logger that writes through `base` and keeps what `base` prints in `buffer`. */
export function teeLogger(base: Logger, buffer: LogBuffer): Logger {
  const emit = (level: LogRecord['level'], msg: string, rest: unknown[]): void => {
    base[level](msg, ...rest);
    if (rank(level) >= rank(base.level)) buffer.push(level, rest.length ? `${msg} ${formatArgs(rest)}` : msg);
  };
  return {
    get level() {
      return base.level;
    },
    set level(l: LogLevel) {
      base.level = l;
    },
    debug: (m, ...r) => emit('debug', m, r),
    info: (m, ...r) => emit('info', m, r),
    warn: (m, ...r) => emit('warn', m, r),
    error: (m, ...r) => emit('error', m, r),
  };
}
