import { rangeOperator } from './range.js';

export const $gt = rangeOperator('$gt', (order) => order > 0);
