export interface WorkflowResult {
  instances: number;
  steps: number;
  transitions: number;
  ms: number;
  transitionsPerSec: number;
  batches: number;
  ops: number;
  floorMs: number;
  ratio: number;
}

export async function benchWorkflow(_instances: number, _steps: number): Promise<WorkflowResult> {
  throw new Error('the datastore (runtime/datastore/index.js, conn.js) is not in the repo yet');
}
