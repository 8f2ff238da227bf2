import { rangeOperator } from './range.js';

export const $lte = rangeOperator('$lte', (order) => order <= 0);
