/** A compiled query: run once per document. */
export type Predicate = (doc: unknown) => boolean;

/** A compiled field condition: gets every value the field path reaches (see resolvePath). */
export type ValuesTest = (values: unknown[]) => boolean;

export interface FieldContext {
  /** The field path the condition applies to. */
  readonly path: string;
  /** The whole operator object, for operators that read a sibling (`$regex` reads `$options`). */
  readonly siblings: Readonly<Record<string, unknown>>;
  compileQuery(query: unknown): Predicate;
  /** Compiles a value or an operator object as a condition on the same path. */
  compileCondition(condition: unknown): ValuesTest;
}

/** A field-level operator (`{field: {$op: operand}}`), one per file under operators/. */
export interface FieldOperator {
  compile(operand: unknown, ctx: FieldContext): ValuesTest;
}

/** A top-level operator (`{$op: [...]}`): $and, $or, $nor. */
export interface LogicalOperator {
  compile(operand: unknown, compileQuery: (query: unknown) => Predicate): Predicate;
}
