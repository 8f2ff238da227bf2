// The test kit's scenarios under jest, as native ESM (`node --experimental-vm-modules`, no transform).
import { test } from '@jest/globals';
import { SCENARIOS } from '../../dist/test/helpers/testkit-scenarios.js';

for (const s of SCENARIOS) test(s.name, s.run, 60_000);
