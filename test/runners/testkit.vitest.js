// The test kit's scenarios under vitest (driven by test/integration/testkit/runners.test.ts after a build).
import { test } from 'vitest';
import { SCENARIOS } from '../../dist/test/helpers/testkit-scenarios.js';

for (const s of SCENARIOS) test(s.name, s.run, 60_000);
