/** The `coho workflow-status` report printed in the seed README (4 instances: 1 at start, 1 at callOpenAI, 2 done). */
export const SEED_WORKFLOW_REPORT = `Workflow Report
===============

Total workflow instances: 4
Unique steps: 6

Workflow Structure (6 steps):
1. start
2. checkCache
3. callOpenAI
4. cacheAndStore
5. store
6. finish

Current State Distribution:
start        checkCache     callOpenAI     cacheAndStore     store        finish
------------ -------------- -------------- ----------------- ------------ ------------
1            0              1              0                 0            2
`;
