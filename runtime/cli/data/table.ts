/** Widest a cell may be in a table for people; longer values are cut with an ellipsis (`--json` shows them whole). */
export const MAX_CELL = 40;

/** A value as one table cell: strings as they are, everything else as compact JSON, cut to `max`. */
export function cell(value: unknown, max = MAX_CELL): string {
  const text = value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** A plain text table: a header row, a rule, the rows; numbers right-aligned. */
export function renderTable(head: string[], rows: string[][], numeric: ReadonlySet<number> = new Set()): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 && !numeric.has(i) ? c : numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}

/** Documents as a table: `_id` first, then the fields in the order they first appear (at most `maxColumns`). */
export function renderDocs(docs: Record<string, unknown>[], maxColumns = 8): string {
  const fields: string[] = [];
  for (const d of docs) for (const k of Object.keys(d)) if (!fields.includes(k)) fields.push(k);
  const shown = ['_id', ...fields.filter((f) => f !== '_id')].filter((f) => fields.includes(f)).slice(0, maxColumns);
  const hidden = fields.length - shown.length;
  const out = renderTable(shown, docs.map((d) => shown.map((f) => cell(d[f]))));
  return hidden > 0 ? `${out}(${hidden} more field(s) not shown; --fields to choose, --json for everything)\n` : out;
}
