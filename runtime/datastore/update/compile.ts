import { PathConflictError } from '../field-path.js';
import { isPlainObject } from '../storable.js';
import { invalidUpdate } from './invalid.js';
import { UPDATE_OPERATORS } from './registry.js';
import type { Doc, UpdateContext, UpdateOperator } from './types.js';

interface Step {
  name: string;
  op: UpdateOperator;
  path: string;
  operand: unknown;
}

export interface CompiledUpdate {
  /** Applies every operator, in the order given, to `doc` (modified in place). */
  apply(doc: Doc, ctx: UpdateContext): void;
}

/**
 * Validates an update once (DB-16, QL-14/15): `$` operators are applied as such, several in one update
 * together; plain fields (no `$`) are merged like `$set`. `_id` is immutable: operators on it are ignored.
 */
export function compileUpdate(update: unknown): CompiledUpdate {
  if (!isPlainObject(update)) throw invalidUpdate('the update must be an object');
  const steps: Step[] = [];
  const plain: Record<string, unknown> = {};
  for (const key of Object.keys(update)) {
    if (!key.startsWith('$')) {
      plain[key] = update[key];
      continue;
    }
    const op = UPDATE_OPERATORS[key];
    if (!op) throw invalidUpdate(`unknown update operator ${key}`);
    const fields = update[key];
    if (!isPlainObject(fields)) throw invalidUpdate(`${key} needs an object of {field: value}`);
    addSteps(steps, key, op, fields);
  }
  if (Object.keys(plain).length) addSteps(steps, '$set', UPDATE_OPERATORS.$set!, plain);
  return {
    apply(doc, ctx) {
      for (const s of steps) {
        try {
          s.op.apply(doc, s.path, s.operand, ctx);
        } catch (err) {
          if (err instanceof PathConflictError) throw invalidUpdate(`${s.name}: ${err.message}`);
          throw err;
        }
      }
    },
  };
}

function addSteps(steps: Step[], name: string, op: UpdateOperator, fields: Record<string, unknown>): void {
  for (const path of Object.keys(fields)) {
    // JSON transport drops undefined operands, so `{$inc: {n: undefined}}` changes nothing.
    if (fields[path] === undefined) continue;
    if (path === '' || path.startsWith('.') || path.endsWith('.') || path.includes('..')) throw invalidUpdate(`${name} has an invalid field name ${JSON.stringify(path)}`);
    if (path.startsWith('$')) throw invalidUpdate(`${name} field names cannot start with $ (${path})`);
    if (path === '_id' || path.startsWith('_id.')) {
      if (name === '$rename') throw invalidUpdate('$rename cannot change _id');
      continue;
    }
    const operand = op.prepare ? op.prepare(fields[path], path) : fields[path];
    steps.push({ name, op, path, operand });
  }
}
