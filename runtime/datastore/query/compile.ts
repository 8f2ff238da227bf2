import { resolvePath } from '../field-path.js';
import { isPlainObject } from '../storable.js';
import { invalidQuery } from './invalid.js';
import { isDateLiteral, normaliseOperand, toDate } from './operand.js';
import { FIELD_OPERATORS, LOGICAL_OPERATORS } from './registry.js';
import type { FieldContext, Predicate, ValuesTest } from './types.js';

/**
 * Compiles a Mongo-style query once into a predicate (mingo-style), validating every operator up front so a
 * typo is an error (LH_DB_INVALID_QUERY) rather than a silent match-all.
 */
export function compileQuery(query: unknown): Predicate {
  if (query === undefined || query === null) return () => true;
  if (!isPlainObject(query)) throw invalidQuery(`expected a query object, got ${describe(query)}`);
  const parts: Predicate[] = [];
  for (const key of Object.keys(query)) {
    const value = query[key];
    // On the platform queries travel as JSON, which drops undefined fields (`{name: req.query.name}`).
    if (value === undefined) continue;
    if (key.startsWith('$')) {
      const op = LOGICAL_OPERATORS[key];
      if (!op) throw invalidQuery(`unknown top-level operator ${key}`);
      parts.push(op.compile(value, compileQuery));
      continue;
    }
    if (key === '') throw invalidQuery('empty field name');
    const test = compileCondition(value, key);
    if (!key.includes('.')) {
      parts.push((doc) => {
        const v = (doc as Record<string, unknown>)[key];
        return test(v === undefined || !Object.prototype.hasOwnProperty.call(doc, key) ? [] : [v]);
      });
    } else {
      parts.push((doc) => test(resolvePath(doc, key)));
    }
  }
  if (parts.length === 0) return () => true;
  if (parts.length === 1) return parts[0]!;
  return (doc) => {
    for (const p of parts) if (!p(doc)) return false;
    return true;
  };
}

/** Is this an operator object (`{$gt: 1, $lt: 5}`) rather than a literal value? */
export function isOperatorObject(value: unknown): value is Record<string, unknown> {
  if (!isPlainObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys[0]!.startsWith('$');
}

export function compileCondition(condition: unknown, path: string): ValuesTest {
  if (isDateLiteral(condition)) return FIELD_OPERATORS.$eq!.compile(toDate(condition), context(path, {}));
  if (!isOperatorObject(condition)) {
    if (isPlainObject(condition) && Object.keys(condition).some((k) => k.startsWith('$'))) {
      throw invalidQuery(`"${path}" mixes operators and field names`);
    }
    return FIELD_OPERATORS.$eq!.compile(condition, context(path, {}));
  }
  const ctx = context(path, condition);
  const tests: ValuesTest[] = [];
  for (const key of Object.keys(condition)) {
    if (!key.startsWith('$')) throw invalidQuery(`"${path}" mixes operators and field names`);
    if (condition[key] === undefined) continue;
    const op = FIELD_OPERATORS[key];
    if (!op) throw invalidQuery(`unknown operator ${key} on "${path}"`);
    tests.push(op.compile(normaliseOperand(condition[key]), ctx));
  }
  if (tests.length === 0) return FIELD_OPERATORS.$eq!.compile({}, ctx); // what `{field: {}}` means after JSON
  if (tests.length === 1) return tests[0]!;
  return (values) => tests.every((t) => t(values));
}

function context(path: string, siblings: Record<string, unknown>): FieldContext {
  return {
    path,
    siblings,
    compileQuery,
    compileCondition: (cond) => compileCondition(cond, path),
  };
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'an array';
  if (v instanceof RegExp) return 'a RegExp';
  return typeof v === 'object' ? 'a non-plain object' : `a ${typeof v}`;
}
