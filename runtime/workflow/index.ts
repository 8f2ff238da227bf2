/**
 * Workflow status: the SDK's own engine runs the workflows (on `workflowdata` and `workflowqueue_*` topics);
 * this module only reports on the instance documents, for `localhooks workflow-status` and the dashboard.
 */
export { buildWorkflowReport, WorkflowReportBuilder, type WorkflowInstanceDoc, type WorkflowReport, type WorkflowStatusReport } from './report.js';
export { renderWorkflowReport, renderLiveHeader, LIVE_RULE } from './render.js';
export { registerWorkflowRoutes, type WorkflowRouteSources } from './workflow.routes.js';
export { summarizeInstance, summariesOf, workflowSummaries, WORKFLOW_SUMMARIES, type InstanceSummary } from './summary.js';
export { instanceWork, type InstanceWork } from './instances.js';
export { WORKFLOW_COLLECTION } from './trace.js';
