// The test kit's scenarios under node:test (the same module runs under vitest and jest: runners.test.ts).
import { test } from 'node:test';
import { SCENARIOS } from '../../helpers/testkit-scenarios.js';

for (const s of SCENARIOS) test(s.name, { timeout: 60_000 }, s.run);
