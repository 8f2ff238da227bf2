/** One CSV record with the line it starts on (1-based; a quoted field may span lines). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** A row that cannot be read, with the line it is on. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads CSV text (RFC 4180: fields in double quotes may hold separators, quotes doubled, line breaks; LF or CRLF
 * line ends). Empty lines are skipped.
 */
export function* parseCsv(text: string, separator = ','): Iterable<CsvRecord> {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    let atStart = true;
    for (;;) {
      if (i >= n) {
        if (quoted) throw new CsvSyntaxError(start, 'a quoted field is not closed before the end of the file');
        fields.push(field);
        break;
      }
      const c = text[i]!;
      if (quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
          } else {
            quoted = false;
            i++;
            if (i < n && text[i] !== separator && text[i] !== '\n' && text[i] !== '\r') throw new CsvSyntaxError(line, `unexpected text after a closing quote`);
          }
          continue;
        }
        if (c === '\n') line++;
        field += c;
        i++;
        continue;
      }
      if (c === '"' && atStart) {
        quoted = true;
        atStart = false;
        i++;
        continue;
      }
      if (c === separator) {
        fields.push(field);
        field = '';
        atStart = true;
        i++;
        continue;
      }
      if (c === '\r' || c === '\n') {
        fields.push(field);
        i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
        line++;
        break;
      }
      field += c;
      atStart = false;
      i++;
    }
    if (fields.length === 1 && fields[0] === '') continue;
    yield { line: start, fields };
  }
}

const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** A CSV value as `coho import` stores it: numbers as numbers, everything else as the text. */
export function csvValue(text: string): string | number {
  if (NUMBER.test(text)) {
    const n = Number(text);
    if (Number.isFinite(n) && (Number.isSafeInteger(n) || !Number.isInteger(n))) return n;
  }
  return text;
}
