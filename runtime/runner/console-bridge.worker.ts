import { format } from 'node:util';
import type { MessagePort } from 'node:worker_threads';

/**
 * Sends the app's console lines to the main thread, which prints them with time and level. Debug lines are
 * dropped here when hidden: the SDK logs very heavily at debug (CONTRACT-34).
 */
export function bridgeConsole(port: MessagePort, debugLogs: boolean): void {
  const send = (level: 'debug' | 'info' | 'warn' | 'error', args: unknown[]) => {
    let text: string;
    try {
      text = format(...args);
    } catch {
      text = args.map(String).join(' ');
    }
    port.postMessage({ type: 'log', level, text });
  };
  console.log = (...a: unknown[]) => send('info', a);
  console.info = (...a: unknown[]) => send('info', a);
  console.warn = (...a: unknown[]) => send('warn', a);
  console.error = (...a: unknown[]) => send('error', a);
  console.trace = (...a: unknown[]) => send('error', [...a, new Error('trace').stack]);
  console.debug = debugLogs ? (...a: unknown[]) => send('debug', a) : () => {};
}
