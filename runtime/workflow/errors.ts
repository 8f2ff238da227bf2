import { LocalhooksError } from '../errors.js';

/** Stable codes of workflow control (rerun, resume by URL); each is a row in docs/errors.md. */
export const WORKFLOW_ERRORS = {
  LH_WF_NOT_FOUND: 404,
  LH_WF_BAD_TOKEN: 403,
  LH_WF_NOT_RESUMABLE: 409,
  LH_WF_UNKNOWN_STEP: 400,
  LH_WF_BAD_STATE: 400,
} as const;

export type WorkflowErrorCode = keyof typeof WORKFLOW_ERRORS;

export class WorkflowError extends LocalhooksError {
  constructor(code: WorkflowErrorCode, message: string) {
    super(code, message, { status: WORKFLOW_ERRORS[code] });
    this.name = 'WorkflowError';
  }
}
