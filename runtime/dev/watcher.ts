import { basename } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';

/** Folders whose changes never reload the app. */
const IGNORED = /(^|[/\\])(node_modules|\.localhooks|\.git|dist-localhooks)([/\\]|$)/;

export type ChangeKind = 'source' | 'env';

/** Watches the app folder (and files outside it that the bundle reads); reports each change with its kind. */
export class DevWatcher {
  readonly #watcher: FSWatcher;
  readonly ready: Promise<void>;

  constructor(appDir: string, options: { poll: boolean; onChange(kind: ChangeKind, path: string): void }) {
    this.#watcher = watch(appDir, {
      ignored: (p: string) => IGNORED.test(p),
      ignoreInitial: true,
      usePolling: options.poll,
      interval: 100,
      binaryInterval: 300,
    });
    this.ready = new Promise((r) => this.#watcher.once('ready', () => r()));
    const report = (path: string) => options.onChange(basename(path) === '.env' ? 'env' : 'source', path);
    this.#watcher.on('add', report).on('change', report).on('unlink', report);
    this.#watcher.on('error', () => {});
  }

  add(paths: string[]): void {
    if (paths.length) this.#watcher.add(paths);
  }

  close(): Promise<void> {
    return this.#watcher.close();
  }
}
