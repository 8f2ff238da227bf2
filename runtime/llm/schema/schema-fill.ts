import { fieldRole, nameWords, type FieldRole, type PromptFacts } from '../facts.js';
import { isObject, resolveRef, type JsonSchema } from './schema-check.js';
import { chooseString, StringConstraintError } from './string-values.js';
import { fitNumber } from './number-values.js';

/** A schema no value can be made for (a contradiction, endless nesting); the caller reports a 400 naming it. */
export class SchemaFillError extends Error {
  readonly path: string;

  constructor(path: string, message: string) {
    super(message);
    this.path = path;
  }
}

export interface FillOptions {
  facts: PromptFacts;
  /** Tool arguments take the prompt's numbers in order ("add 3 and 5"); structured answers do not. */
  numbersFromPrompt?: boolean;
}

// Past this depth arrays shrink to their minimum and anyOf prefers null, so recursive schemas end.
const SHRINK_DEPTH = 4;
// A schema that still demands more nesting here never ends (a required recursive property).
const MAX_DEPTH = 40;

/**
 * A value the schema accepts, with fields filled from what the responders make of the prompt where the field
 * name says what it holds (summary, category, sentiment, keywords, title …), and fixed filler otherwise.
 */
export function fillSchema(root: JsonSchema, options: FillOptions): unknown {
  return new Filler(root, options).value(root, null, '', 0, null);
}

class Filler {
  readonly #root: JsonSchema;
  readonly #facts: PromptFacts;
  readonly #numbers: number[] | null;

  constructor(root: JsonSchema, options: FillOptions) {
    this.#root = root;
    this.#facts = options.facts;
    this.#numbers = options.numbersFromPrompt ? [...options.facts.numbers()] : null;
  }

  /** `item` is the index of an array item, null elsewhere. */
  value(node: unknown, name: string | null, path: string, depth: number, item: number | null): unknown {
    if (depth > MAX_DEPTH) throw new SchemaFillError(path, 'the schema requires nesting without end');
    if (node === true || node === undefined) return this.#string({}, name, path, item);
    if (!isObject(node)) throw new SchemaFillError(path, 'a schema that accepts nothing');
    const s = this.#deref(node, path);
    if (s.const !== undefined) return s.const;
    if (Array.isArray(s.enum)) return this.#enum(s.enum, name, item ?? 0);
    if (Array.isArray(s.anyOf)) return this.#anyOf(s.anyOf, name, path, depth, item);
    switch (this.#type(s, depth)) {
      case 'null':
        return null;
      case 'boolean':
        return name ? this.#facts.mentions(name) : false;
      case 'integer':
        return this.#number(s, name, path, true);
      case 'number':
        return this.#number(s, name, path, false);
      case 'object':
        return this.#object(s, path, depth);
      case 'array':
        return this.#array(s, name, path, depth);
      default:
        return this.#string(s, name, path, item);
    }
  }

  #deref(node: JsonSchema, path: string): JsonSchema {
    let s = node;
    for (let hops = 0; typeof s.$ref === 'string'; hops++) {
      const target = resolveRef(this.#root, s.$ref);
      if (!target || hops > 20) throw new SchemaFillError(path, `'$ref' ${s.$ref} does not resolve`);
      const { $ref: _ref, ...rest } = s;
      s = { ...target, ...rest };
    }
    return s;
  }

  #type(s: JsonSchema, depth: number): string {
    const types = Array.isArray(s.type) ? (s.type as string[]) : typeof s.type === 'string' ? [s.type] : [];
    if (types.length > 0) {
      const nonNull = types.filter((t) => t !== 'null');
      return depth > SHRINK_DEPTH && types.includes('null') ? 'null' : (nonNull[0] ?? 'null');
    }
    if (s.properties !== undefined || s.required !== undefined || s.additionalProperties !== undefined) return 'object';
    if (s.items !== undefined || s.minItems !== undefined || s.maxItems !== undefined) return 'array';
    if (['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'].some((k) => s[k] !== undefined)) return 'number';
    return 'string';
  }

  #anyOf(options: unknown[], name: string | null, path: string, depth: number, item: number | null): unknown {
    const isNull = (o: unknown): boolean => isObject(o) && (o.type === 'null' || (Array.isArray(o.type) && o.type.length === 1 && o.type[0] === 'null'));
    const order = depth > SHRINK_DEPTH ? [...options.filter(isNull), ...options.filter((o) => !isNull(o))] : [...options.filter((o) => !isNull(o)), ...options.filter(isNull)];
    let last: unknown;
    for (const option of order) {
      try {
        return this.value(option, name, `${path}/anyOf`, depth + 1, item);
      } catch (err) {
        last = err; // a branch with no possible value: another one may have
      }
    }
    throw last;
  }

  #enum(values: unknown[], name: string | null, index: number): unknown {
    const strings = values.filter((v): v is string => typeof v === 'string');
    if (strings.length === 0) return values[index % values.length];
    const role = name ? fieldRole(name) : null;
    let first: string;
    if (role === 'sentiment') first = this.#facts.sentimentAs(strings);
    else if (role === 'language') first = strings.find((v) => /^(en|eng|english|en-\w+)$/i.test(v)) ?? strings[0]!;
    else first = this.#facts.category(strings);
    // Array items after the first take the next values, so a list does not repeat one label.
    return index === 0 ? first : strings[(strings.indexOf(first) + index) % strings.length];
  }

  #string(s: JsonSchema, name: string | null, path: string, item: number | null): string {
    const role = name ? fieldRole(name) : null;
    const label = name ? nameWords(name) : 'value';
    const filler = item ? `sample ${label} ${item + 1}` : `sample ${label}`;
    const preferred = item === null ? this.#preferredText(role, name) : this.#itemText(role, name, item);
    try {
      return chooseString(s as never, preferred.filter((p): p is string => typeof p === 'string' && p !== ''), filler);
    } catch (err) {
      if (err instanceof StringConstraintError) throw new SchemaFillError(path, err.message);
      throw err;
    }
  }

  #preferredText(role: FieldRole | null, name: string | null): Array<string | null> {
    const f = this.#facts;
    const own = name ? f.keyValue(name) : null;
    const byRole: Partial<Record<FieldRole, () => string | null>> = {
      summary: () => f.summary(),
      sentiment: () => f.sentiment(),
      category: () => f.category(),
      keywords: () => f.keywords().join(', '),
      title: () => f.title(),
      answer: () => f.answer(),
      reason: () => f.reason(),
      language: () => 'en',
      confidence: () => '0.9',
      query: () => f.text,
      place: () => f.properNoun(),
      person: () => f.properNoun(),
      email: () => f.find('email'),
      url: () => f.find('url'),
      date: () => f.find('date'),
    };
    return [own, role ? (byRole[role]?.() ?? null) : null];
  }

  /** Items of a list: keywords one by one; other lists get the field's value first, then filler. */
  #itemText(role: FieldRole | null, name: string | null, index: number): Array<string | null> {
    if (role === 'keywords') return [this.#facts.keywords()[index] ?? null];
    return index === 0 ? this.#preferredText(role, name) : [];
  }

  #number(s: JsonSchema, name: string | null, path: string, integer: boolean): number {
    const role = name ? fieldRole(name) : null;
    const lo = (s.minimum ?? s.exclusiveMinimum) as number | undefined;
    const hi = (s.maximum ?? s.exclusiveMaximum) as number | undefined;
    let preferred: number | null = null;
    const own = name ? this.#facts.keyValue(name) : null;
    if (own !== null && /^-?\d+(\.\d+)?$/.test(own)) preferred = Number(own);
    else if (role === 'sentiment' || (role === 'confidence' && name && /sentiment/i.test(name))) {
      const polarity = { positive: 1, negative: -1, neutral: 0 }[this.#facts.sentiment()];
      // A bounded scale (1..5 stars) maps onto its ends and middle; an open one onto -1..1.
      preferred = lo !== undefined && hi !== undefined ? lo + ((polarity + 1) / 2) * (hi - lo) : polarity * 0.8;
    } else if (role === 'confidence') preferred = hi !== undefined && hi > 1 ? hi * 0.9 : 0.9;
    else if (this.#numbers && this.#numbers.length > 0) preferred = this.#numbers.shift()!;
    const fitted = fitNumber(s, preferred ?? (lo !== undefined ? lo : 1), integer);
    if (fitted === null) throw new SchemaFillError(path, 'no number meets the bounds and multipleOf');
    return fitted;
  }

  #object(s: JsonSchema, path: string, depth: number): Record<string, unknown> {
    const props = (isObject(s.properties) ? s.properties : {}) as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [key, sub] of Object.entries(props)) out[key] = this.value(sub, key, `${path}/properties/${key}`, depth + 1, null);
    for (const key of (s.required as string[] | undefined) ?? []) {
      if (key in out) continue;
      if (s.additionalProperties === false) throw new SchemaFillError(path, `'${key}' is required but not in 'properties', and 'additionalProperties' is false`);
      out[key] = this.value(isObject(s.additionalProperties) ? s.additionalProperties : {}, key, `${path}/${key}`, depth + 1, null);
    }
    return out;
  }

  #array(s: JsonSchema, name: string | null, path: string, depth: number): unknown[] {
    const min = (s.minItems as number | undefined) ?? 0;
    const max = (s.maxItems as number | undefined) ?? Infinity;
    const role = name ? fieldRole(name) : null;
    let wanted = depth > SHRINK_DEPTH ? 0 : depth > 2 ? 1 : 2;
    if (role === 'keywords') wanted = Math.max(1, this.#facts.keywords().length);
    else if (role === 'category' || role === 'sentiment') wanted = 1;
    const count = Math.max(min, Math.min(max, wanted));
    const items = s.items ?? {};
    return Array.from({ length: count }, (_, i) => this.value(items, name, `${path}/items`, depth + 1, i));
  }
}
