import type { DirectCells } from '../storage/direct-control.js';

/** What the main thread hands a coderunner worker when it boots (before it is given a bundle to load). */
export interface WorkerInit {
  appDir: string;
  blobDir: string;
  gatewayOrigin: string;
  openaiBase: string | null;
  debugLogs: boolean;
  /** Modules to import while idle (the SDK's heavy dependencies), so loading a bundle later is quick. */
  preload: string[];
  /** When set, the app's `Date` follows the runtime's clock through this cell (the test kit's manual clock). */
  appClock?: SharedArrayBuffer;
}

/** Added by the Runner: a shared cell where the worker records the last request it began handling. */
export interface WorkerData extends WorkerInit {
  progress: SharedArrayBuffer;
  /** Set when the thread answers the app's datastore calls itself, on the main thread's LevelDB (issue 16). */
  direct?: DirectInit;
}

export interface DirectInit {
  /** The LevelDB folder the main thread has open (with `multithreading`). */
  path: string;
  cells: DirectCells;
  slot: number;
}
