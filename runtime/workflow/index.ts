/**
 * Workflow status: the SDK's own engine runs the workflows (on `workflowdata` and `workflowqueue_*` topics);
 * this module only reports on the instance documents, for `localhooks workflow-status` and the dashboard.
 */
export { buildWorkflowReport, type WorkflowInstanceDoc, type WorkflowReport, type WorkflowStatusReport } from './report.js';
export { renderWorkflowReport, renderLiveHeader, LIVE_RULE } from './render.js';
export { registerWorkflowRoutes, type WorkflowRouteSources } from './workflow.routes.js';
