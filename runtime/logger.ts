/** Injected logger: services log through it so tests can assert on retry, dead-letter and reload messages. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

export interface Logger {
  level: LogLevel;
  debug(msg: string, ...rest: unknown[]): void;
  info(msg: string, ...rest: unknown[]): void;
  warn(msg: string, ...rest: unknown[]): void;
  error(msg: string, ...rest: unknown[]): void;
}

export interface LogRecord {
  level: Exclude<LogLevel, 'silent'>;
  time: number;
  text: string;
}

export type LogSink = (record: LogRecord) => void;

function rank(level: LogLevel): number {
  return LOG_LEVELS.indexOf(level);
}

export function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}

export function formatArgs(args: unknown[]): string {
  return args
    .map((a) => {
      if (typeof a === 'string') return a;
      if (a instanceof Error) return a.stack ?? `${a.name}: ${a.message}`;
      try {
        return JSON.stringify(a);
      } catch {
        return String(a);
      }
    })
    .join(' ');
}

const COLORS: Record<LogRecord['level'], string> = { debug: '\x1b[90m', info: '', warn: '\x1b[33m', error: '\x1b[31m' };

/** Terminal sink: `12:01:02.345 info  message`, coloured when stdout is a TTY. */
export function consoleSink(stream: NodeJS.WriteStream = process.stderr): LogSink {
  const color = stream.isTTY === true;
  return (r) => {
    const time = new Date(r.time).toISOString().slice(11, 23);
    const line = `${time} ${r.level.padEnd(5)} ${r.text}`;
    stream.write(color && COLORS[r.level] ? `${COLORS[r.level]}${line}\x1b[0m\n` : `${line}\n`);
  };
}

export function createLogger(options: { level?: LogLevel; sink?: LogSink; now?: () => number } = {}): Logger {
  const sink = options.sink ?? consoleSink();
  const now = options.now ?? Date.now;
  const logger: Logger = {
    level: options.level ?? 'info',
    debug: (m, ...r) => emit('debug', m, r),
    info: (m, ...r) => emit('info', m, r),
    warn: (m, ...r) => emit('warn', m, r),
    error: (m, ...r) => emit('error', m, r),
  };
  function emit(level: LogRecord['level'], msg: string, rest: unknown[]): void {
    if (rank(level) < rank(logger.level)) return;
    sink({ level, time: now(), text: rest.length ? `${msg} ${formatArgs(rest)}` : msg });
  }
  return logger;
}

/** A logger that keeps its records, for tests. */
export function createMemoryLogger(level: LogLevel = 'debug'): Logger & { records: LogRecord[]; text(): string } {
  const records: LogRecord[] = [];
  const logger = createLogger({ level, sink: (r) => records.push(r) });
  return Object.assign(logger, { records, text: () => records.map((r) => `${r.level} ${r.text}`).join('\n') });
}
