export type Doc = Record<string, unknown>;

export interface UpdateContext {
  /** True when the update builds a new document (upsert); `$setOnInsert` applies only then. */
  readonly isInsert: boolean;
}

/** An update operator (`{$op: {path: operand}}`), one per file under operators/. */
export interface UpdateOperator {
  /** Validates and prepares an operand once, before any document is touched. */
  prepare?(operand: unknown, path: string): unknown;
  apply(doc: Doc, path: string, operand: unknown, ctx: UpdateContext): void;
}
