import { rangeOperator } from './range.js';

export const $lt = rangeOperator('$lt', (order) => order < 0);
