import { rangeOperator } from './range.js';

export const $gte = rangeOperator('$gte', (order) => order >= 0);
