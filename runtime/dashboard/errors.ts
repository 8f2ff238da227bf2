import { LocalhooksError } from '../errors.js';

/** Stable codes of the dashboard's own endpoints; each is a row in docs/errors.md. */
export const DASHBOARD_ERRORS = {
  LH_DASHBOARD_NOT_BUILT: 503,
  LH_DASHBOARD_NOT_FOUND: 404,
} as const;

export type DashboardErrorCode = keyof typeof DASHBOARD_ERRORS;

export class DashboardError extends LocalhooksError {
  constructor(code: DashboardErrorCode, message: string) {
    super(code, message, { status: DASHBOARD_ERRORS[code] });
    this.name = 'DashboardError';
  }
}
