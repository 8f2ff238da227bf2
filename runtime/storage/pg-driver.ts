import type pg from 'pg';

let driver: Promise<typeof pg> | undefined;

/** The `pg` driver, loaded on first use: it costs ~14 MB and 100+ ms to load, and only `--store postgres` needs it. */
export function loadPg(): Promise<typeof pg> {
  driver ??= import('pg').then((m) => m.default);
  return driver;
}
