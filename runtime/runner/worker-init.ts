/** What the main thread hands a coderunner worker when it starts one generation. */
export interface WorkerInit {
  bundlePath: string;
  appDir: string;
  blobDir: string;
  gatewayOrigin: string;
  openaiBase: string | null;
  debugLogs: boolean;
}
