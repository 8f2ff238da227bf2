/**
 * Makes a string that a JSON Schema `pattern` matches, for structured outputs with a pattern. Covers the regex
 * subset schemas use (literals, classes, `\d \w \s`, groups, alternation, quantifiers); lookaround and
 * back-references throw, and the caller turns that into a 400 naming the pattern.
 */

type Node =
  | { t: 'chars'; pick: string } // one character, already chosen
  | { t: 'seq'; items: Node[] }
  | { t: 'alt'; options: Node[] }
  | { t: 'rep'; node: Node; min: number; max: number };

export class UnsupportedPattern extends Error {}

// Repeats beyond this stop growing even when asked to stretch: a sample should stay readable.
const MAX_UNBOUNDED = 64;

/** A sample; `stretch` adds repetitions to quantifiers (up to their maximum), to reach a minimum length. */
export function samplePattern(pattern: string, stretch = 0): string {
  const parser = new Parser(pattern);
  const node = parser.alternation();
  if (parser.more()) throw new UnsupportedPattern(`unbalanced ')' at ${parser.at}`);
  return render(node, stretch);
}

function render(node: Node, stretch: number): string {
  switch (node.t) {
    case 'chars':
      return node.pick;
    case 'seq':
      return node.items.map((n) => render(n, stretch)).join('');
    case 'alt':
      return render(node.options[0]!, stretch);
    case 'rep': {
      const count = Math.min(node.max, node.min + stretch, Math.max(node.min, MAX_UNBOUNDED));
      return Array.from({ length: count }, () => render(node.node, stretch)).join('');
    }
  }
}

// Characters tried, in order, for `.` and negated classes.
const CANDIDATES = 'aA0_- x.Z9';

class Parser {
  at = 0;
  readonly #src: string;

  constructor(src: string) {
    this.#src = src;
  }

  more(): boolean {
    return this.at < this.#src.length;
  }

  #peek(): string {
    return this.#src[this.at] ?? '';
  }

  alternation(): Node {
    const options = [this.#sequence()];
    while (this.#peek() === '|') {
      this.at++;
      options.push(this.#sequence());
    }
    return options.length === 1 ? options[0]! : { t: 'alt', options };
  }

  #sequence(): Node {
    const items: Node[] = [];
    while (this.more() && this.#peek() !== '|' && this.#peek() !== ')') {
      const atom = this.#atom();
      if (atom) items.push(this.#quantified(atom));
    }
    return { t: 'seq', items };
  }

  #atom(): Node | null {
    const c = this.#src[this.at++]!;
    if (c === '^' || c === '$') return null; // anchors: the sample is the whole string anyway
    if (c === '(') return this.#group();
    if (c === '[') return this.#class();
    if (c === '.') return { t: 'chars', pick: 'a' };
    if (c === '\\') return this.#escape(false);
    if ('*+?{'.includes(c) && !(c === '{' && !/^\d/.test(this.#src.slice(this.at)))) throw new UnsupportedPattern(`nothing to repeat at ${this.at - 1}`);
    return { t: 'chars', pick: c };
  }

  #group(): Node {
    if (this.#src.startsWith('?:', this.at)) this.at += 2;
    else if (this.#src.startsWith('?<', this.at) && !/^\?<[=!]/.test(this.#src.slice(this.at))) {
      const end = this.#src.indexOf('>', this.at);
      if (end < 0) throw new UnsupportedPattern('unterminated group name');
      this.at = end + 1;
    } else if (this.#peek() === '?') throw new UnsupportedPattern(`lookaround '(${this.#src.slice(this.at, this.at + 3)}' is not supported`);
    const inner = this.alternation();
    if (this.#src[this.at++] !== ')') throw new UnsupportedPattern("missing ')'");
    return inner;
  }

  #quantified(atom: Node): Node {
    const c = this.#peek();
    let min: number;
    let max: number;
    if (c === '*' || c === '+' || c === '?') {
      this.at++;
      [min, max] = c === '*' ? [0, Infinity] : c === '+' ? [1, Infinity] : [0, 1];
    } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.#src.slice(this.at));
      if (!m) return atom;
      this.at += m[0].length;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
    } else return atom;
    if (this.#peek() === '?') this.at++; // lazy: same language
    // `?` and `*` start at one repetition: "optional" text reads better present, and either matches.
    const start = c === '?' || c === '*' ? Math.min(1, max) : min;
    return { t: 'rep', node: atom, min: start, max };
  }

  #escape(inClass: boolean): Node {
    const c = this.#src[this.at++] ?? '';
    const classes: Record<string, string> = { d: '0', w: 'a', s: ' ', D: 'a', W: '-', S: 'a' };
    if (c in classes) return { t: 'chars', pick: classes[c]! };
    const controls: Record<string, string> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', '0': '\0' };
    if (c in controls) return { t: 'chars', pick: controls[c]! };
    if (c === 'u' || c === 'x') {
      const m = c === 'u' ? /^(?:\{([0-9a-fA-F]+)\}|([0-9a-fA-F]{4}))/.exec(this.#src.slice(this.at)) : /^[0-9a-fA-F]{2}/.exec(this.#src.slice(this.at));
      if (!m) throw new UnsupportedPattern(`bad \\${c} escape`);
      this.at += m[0].length;
      return { t: 'chars', pick: String.fromCodePoint(parseInt(m[1] ?? m[2] ?? m[0], 16)) };
    }
    if (!inClass && (/[1-9]/.test(c) || c === 'k')) throw new UnsupportedPattern(`back-reference '\\${c}' is not supported`);
    if (c === 'b' || c === 'B') {
      if (inClass) return { t: 'chars', pick: '\b' };
      throw new UnsupportedPattern(`word boundary '\\${c}' is not supported`);
    }
    if (c === 'p' || c === 'P') throw new UnsupportedPattern(`Unicode property '\\${c}' is not supported`);
    return { t: 'chars', pick: c };
  }

  /** A class as a membership test, then the first candidate it accepts. */
  #class(): Node {
    const negated = this.#peek() === '^';
    if (negated) this.at++;
    const tests: Array<(ch: string) => boolean> = [];
    const firsts: string[] = [];
    let first = true;
    while (this.more() && (this.#peek() !== ']' || first)) {
      first = false;
      const lo = this.#classChar();
      if (this.#peek() === '-' && this.#src[this.at + 1] !== ']' && this.#src[this.at + 1] !== undefined && lo.single) {
        this.at++;
        const hi = this.#classChar();
        if (!hi.single) throw new UnsupportedPattern('a class range ends in a class escape');
        const [a, b] = [lo.pick.codePointAt(0)!, hi.pick.codePointAt(0)!];
        tests.push((ch) => ch.codePointAt(0)! >= a && ch.codePointAt(0)! <= b);
        firsts.push(lo.pick);
      } else {
        tests.push(lo.test);
        firsts.push(lo.pick);
      }
    }
    if (this.#src[this.at++] !== ']') throw new UnsupportedPattern("missing ']'");
    const inside = (ch: string): boolean => tests.some((t) => t(ch));
    if (!negated) return { t: 'chars', pick: firsts[0] ?? 'a' };
    const pick = [...CANDIDATES].find((ch) => !inside(ch));
    if (pick === undefined) throw new UnsupportedPattern('a negated class that excludes every sample character');
    return { t: 'chars', pick };
  }

  #classChar(): { pick: string; test: (ch: string) => boolean; single: boolean } {
    const c = this.#src[this.at++]!;
    if (c !== '\\') return { pick: c, test: (ch) => ch === c, single: true };
    const e = this.#src[this.at] ?? '';
    const sets: Record<string, RegExp> = { d: /\d/, w: /\w/, s: /\s/, D: /\D/, W: /\W/, S: /\S/ };
    if (e in sets) {
      this.at++;
      const re = sets[e]!;
      return { pick: (this.#escapeFor(e) as { pick: string }).pick, test: (ch) => re.test(ch), single: false };
    }
    const node = this.#escape(true) as { pick: string };
    return { pick: node.pick, test: (ch) => ch === node.pick, single: true };
  }

  #escapeFor(e: string): { pick: string } {
    return { pick: ({ d: '0', w: 'a', s: ' ', D: 'a', W: '-', S: 'a' } as Record<string, string>)[e]! };
  }
}
