import { known, toPlain, unknown, valuesEqual, type Origin, type Value, type ValueData } from '../../model/value.js';

/** Thrown when an expression would make Terraform fail (missing key, bad index): `try` and `can` catch it. */
export class EvaluationError extends Error {}

/** A Terraform function over already evaluated arguments; `origin` is the call expression. */
type TerraformFunction = (args: Value[], origin: Origin | undefined) => Value;

/** Marks the result of a function as derived from its arguments: the deciding literal stays the first argument's. */
function derived(data: ValueData, from: Value | undefined, origin: Origin | undefined): Value {
  const trail = origin ? [origin, ...(from?.trail ?? [])] : (from?.trail ?? []);
  return known(data, from?.source, trail);
}

function firstUnknownArgument(args: Value[]): Value | undefined {
  return args.find((arg) => !arg.known);
}

function requireString(value: Value, functionName: string): string {
  if (value.known && typeof value.data === 'string') return value.data;
  if (value.known && (typeof value.data === 'number' || typeof value.data === 'boolean')) return String(value.data);
  throw new EvaluationError(`${functionName}() expects a string`);
}

function requireList(value: Value, functionName: string): Value[] {
  if (value.known && Array.isArray(value.data)) return value.data;
  throw new EvaluationError(`${functionName}() expects a list`);
}

function requireMap(value: Value, functionName: string): Record<string, Value> {
  if (value.known && value.data !== null && typeof value.data === 'object' && !Array.isArray(value.data)) {
    return value.data;
  }
  throw new EvaluationError(`${functionName}() expects a map or object`);
}

function requireNumber(value: Value, functionName: string): number {
  if (value.known && typeof value.data === 'number') return value.data;
  if (value.known && typeof value.data === 'string' && value.data.trim() !== '' && !Number.isNaN(Number(value.data))) {
    return Number(value.data);
  }
  throw new EvaluationError(`${functionName}() expects a number`);
}

/** Converts a known primitive to the string Terraform would interpolate. */
export function toTemplateString(value: Value): string {
  if (!value.known) throw new EvaluationError('cannot interpolate an unknown value');
  const data = value.data;
  if (typeof data === 'string') return data;
  if (typeof data === 'number' || typeof data === 'boolean') return String(data);
  if (data === null) throw new EvaluationError('cannot interpolate null');
  throw new EvaluationError('cannot interpolate a list or map');
}

function stringFunction(name: string, transform: (text: string) => string): TerraformFunction {
  return (args, origin) => {
    const unknownArg = firstUnknownArgument(args);
    if (unknownArg) return unknownArg;
    const [first] = args;
    if (!first) throw new EvaluationError(`${name}() needs an argument`);
    return derived(transform(requireString(first, name)), first, origin);
  };
}

function formatString(format: string, args: Value[]): string {
  let argumentIndex = 0;
  return format.replace(/%(%|[-+ #0-9.]*[sdvfqtbxXoe])/g, (_match: string, verb: string) => {
    if (verb === '%') return '%';
    const arg = args[argumentIndex++];
    if (!arg) throw new EvaluationError('format(): not enough arguments');
    const kind = verb.slice(-1);
    if (kind === 'd') return String(Math.trunc(requireNumber(arg, 'format')));
    if (kind === 'q') return JSON.stringify(toTemplateString(arg));
    if (kind === 'v' && arg.known && typeof arg.data === 'object' && arg.data !== null) {
      return JSON.stringify(toPlain(arg));
    }
    return toTemplateString(arg);
  });
}

const functions: Record<string, TerraformFunction> = {
  upper: stringFunction('upper', (text) => text.toUpperCase()),
  lower: stringFunction('lower', (text) => text.toLowerCase()),
  title: stringFunction('title', (text) => text.replace(/\b\w/g, (letter) => letter.toUpperCase())),
  trimspace: stringFunction('trimspace', (text) => text.trim()),
  tostring: (args, origin) => {
    const [value] = args;
    if (!value) throw new EvaluationError('tostring() needs an argument');
    if (!value.known) return value;
    if (value.data === null) return value;
    return derived(requireString(value, 'tostring'), value, origin);
  },
  tonumber: (args, origin) => {
    const [value] = args;
    if (!value) throw new EvaluationError('tonumber() needs an argument');
    if (!value.known || value.data === null) return value;
    return derived(requireNumber(value, 'tonumber'), value, origin);
  },
  tobool: (args, origin) => {
    const [value] = args;
    if (!value) throw new EvaluationError('tobool() needs an argument');
    if (!value.known || value.data === null || typeof value.data === 'boolean') return value;
    if (value.data === 'true' || value.data === 'false') return derived(value.data === 'true', value, origin);
    throw new EvaluationError('tobool() expects a boolean');
  },
  tolist: (args) => passThrough(args, 'tolist'),
  toset: (args, origin) => {
    const [value] = args;
    if (!value) throw new EvaluationError('toset() needs an argument');
    if (!value.known) return value;
    return derived(distinctValues(requireList(value, 'toset')), value, origin);
  },
  tomap: (args) => passThrough(args, 'tomap'),
  format: (args, origin) => {
    const unknownArg = firstUnknownArgument(args);
    if (unknownArg) return unknownArg;
    const [format, ...rest] = args;
    if (!format) throw new EvaluationError('format() needs a format string');
    return derived(formatString(requireString(format, 'format'), rest), format, origin);
  },
  join: (args, origin) => {
    const [separator, ...lists] = args;
    if (!separator) throw new EvaluationError('join() needs a separator');
    const unknownArg = firstUnknownArgument(args);
    if (unknownArg) return unknownArg;
    const items = lists.flatMap((list) => requireList(list, 'join'));
    const unknownItem = items.find((item) => !item.known);
    if (unknownItem) return unknownItem;
    return derived(items.map(toTemplateString).join(requireString(separator, 'join')), separator, origin);
  },
  split: (args, origin) => {
    const unknownArg = firstUnknownArgument(args);
    if (unknownArg) return unknownArg;
    const [separator, text] = args;
    if (!separator || !text) throw new EvaluationError('split() needs two arguments');
    const parts = requireString(text, 'split').split(requireString(separator, 'split'));
    return derived(parts.map((part) => known(part, text.source)), text, origin);
  },
  replace: (args, origin) => {
    const unknownArg = firstUnknownArgument(args);
    if (unknownArg) return unknownArg;
    const [text, search, replacement] = args;
    if (!text || !search || !replacement) throw new EvaluationError('replace() needs three arguments');
    const searchText = requireString(search, 'replace');
    if (searchText.startsWith('/') && searchText.endsWith('/') && searchText.length > 1) {
      throw new EvaluationError('replace() with a regular expression is not evaluated');
    }
    return derived(requireString(text, 'replace').split(searchText).join(requireString(replacement, 'replace')), text, origin);
  },
  substr: (args, origin) => {
    const unknownArg = firstUnknownArgument(args);
    if (unknownArg) return unknownArg;
    const [text, offset, length] = args;
    if (!text || !offset || !length) throw new EvaluationError('substr() needs three arguments');
    const characters = Array.from(requireString(text, 'substr'));
    const start = requireNumber(offset, 'substr');
    const count = requireNumber(length, 'substr');
    const end = count < 0 ? characters.length : start + count;
    return derived(characters.slice(start, end).join(''), text, origin);
  },
  startswith: (args, origin) => stringPredicate(args, origin, 'startswith', (text, part) => text.startsWith(part)),
  endswith: (args, origin) => stringPredicate(args, origin, 'endswith', (text, part) => text.endsWith(part)),
  strcontains: (args, origin) => stringPredicate(args, origin, 'strcontains', (text, part) => text.includes(part)),
  length: (args, origin) => {
    const [value] = args;
    if (!value) throw new EvaluationError('length() needs an argument');
    if (!value.known) return value;
    if (typeof value.data === 'string') return derived(Array.from(value.data).length, undefined, origin);
    if (Array.isArray(value.data)) return derived(value.data.length, undefined, origin);
    return derived(Object.keys(requireMap(value, 'length')).length, undefined, origin);
  },
  contains: (args, origin) => {
    const [list, item] = args;
    if (!list || !item) throw new EvaluationError('contains() needs two arguments');
    if (!list.known) return list;
    if (!item.known) return item;
    const items = requireList(list, 'contains');
    let sawUnknown: Value | undefined;
    for (const candidate of items) {
      const equal = valuesEqual(candidate, item);
      if (equal === true) return derived(true, candidate, origin);
      if (equal === undefined) sawUnknown ??= candidate;
    }
    return sawUnknown ?? derived(false, undefined, origin);
  },
  lookup: (args, origin) => {
    const [map, key, fallback] = args;
    if (!map || !key) throw new EvaluationError('lookup() needs a map and a key');
    if (!map.known) return map;
    if (!key.known) return key;
    const members = requireMap(map, 'lookup');
    const keyText = requireString(key, 'lookup');
    const found = members[keyText];
    if (found) return origin ? { ...found, trail: [origin, ...found.trail] } : found;
    if (fallback) return origin ? { ...fallback, trail: [origin, ...fallback.trail] } : fallback;
    throw new EvaluationError(`lookup(): the map has no key "${keyText}" and no default was given`);
  },
  element: (args, origin) => {
    const [list, index] = args;
    if (!list || !index) throw new EvaluationError('element() needs a list and an index');
    if (!list.known) return list;
    if (!index.known) return index;
    const items = requireList(list, 'element');
    if (items.length === 0) throw new EvaluationError('element(): the list is empty');
    const position = requireNumber(index, 'element');
    const item = items[((Math.trunc(position) % items.length) + items.length) % items.length];
    if (!item) throw new EvaluationError('element(): index out of range');
    return origin ? { ...item, trail: [origin, ...item.trail] } : item;
  },
  coalesce: (args) => {
    for (const arg of args) {
      if (!arg.known) return arg;
      if (arg.data !== null && arg.data !== '') return arg;
    }
    throw new EvaluationError('coalesce(): no non-null, non-empty argument');
  },
  coalescelist: (args) => {
    for (const arg of args) {
      if (!arg.known) return arg;
      if (Array.isArray(arg.data) && arg.data.length > 0) return arg;
    }
    throw new EvaluationError('coalescelist(): no non-empty list');
  },
  concat: (args, origin) => {
    const unknownArg = firstUnknownArgument(args);
    if (unknownArg) return unknownArg;
    return derived(args.flatMap((list) => requireList(list, 'concat')), undefined, origin);
  },
  merge: (args, origin) => {
    const unknownArg = firstUnknownArgument(args);
    if (unknownArg) return unknownArg;
    const merged: Record<string, Value> = {};
    for (const arg of args) {
      if (arg.known && arg.data === null) continue;
      Object.assign(merged, requireMap(arg, 'merge'));
    }
    return derived(merged, undefined, origin);
  },
  keys: (args, origin) => {
    const [map] = args;
    if (!map) throw new EvaluationError('keys() needs a map');
    if (!map.known) return map;
    return derived(Object.keys(requireMap(map, 'keys')).sort().map((key) => known(key)), undefined, origin);
  },
  values: (args, origin) => {
    const [map] = args;
    if (!map) throw new EvaluationError('values() needs a map');
    if (!map.known) return map;
    const members = requireMap(map, 'values');
    return derived(Object.keys(members).sort().map((key) => members[key] as Value), undefined, origin);
  },
  distinct: (args, origin) => {
    const [list] = args;
    if (!list) throw new EvaluationError('distinct() needs a list');
    if (!list.known) return list;
    return derived(distinctValues(requireList(list, 'distinct')), undefined, origin);
  },
  compact: (args, origin) => {
    const [list] = args;
    if (!list) throw new EvaluationError('compact() needs a list');
    if (!list.known) return list;
    const items = requireList(list, 'compact');
    const unknownItem = items.find((item) => !item.known);
    if (unknownItem) return unknownItem;
    return derived(items.filter((item) => item.known && item.data !== null && item.data !== ''), undefined, origin);
  },
  flatten: (args, origin) => {
    const [list] = args;
    if (!list) throw new EvaluationError('flatten() needs a list');
    if (!list.known) return list;
    const flattened: Value[] = [];
    const pending = [...requireList(list, 'flatten')].reverse();
    while (pending.length > 0) {
      const item = pending.pop() as Value;
      if (!item.known) return item;
      if (Array.isArray(item.data)) pending.push(...[...item.data].reverse());
      else flattened.push(item);
    }
    return derived(flattened, undefined, origin);
  },
  slice: (args, origin) => {
    const unknownArg = firstUnknownArgument(args);
    if (unknownArg) return unknownArg;
    const [list, start, end] = args;
    if (!list || !start || !end) throw new EvaluationError('slice() needs three arguments');
    return derived(requireList(list, 'slice').slice(requireNumber(start, 'slice'), requireNumber(end, 'slice')), undefined, origin);
  },
  one: (args) => {
    const [list] = args;
    if (!list) throw new EvaluationError('one() needs a list');
    if (!list.known) return list;
    const items = requireList(list, 'one');
    if (items.length === 0) return known(null);
    if (items.length > 1) throw new EvaluationError('one(): the list has more than one element');
    return items[0] as Value;
  },
  min: (args, origin) => numericReduction(args, origin, 'min', Math.min),
  max: (args, origin) => numericReduction(args, origin, 'max', Math.max),
  abs: (args, origin) => numericReduction(args, origin, 'abs', (value: number) => Math.abs(value)),
};

function passThrough(args: Value[], name: string): Value {
  const [value] = args;
  if (!value) throw new EvaluationError(`${name}() needs an argument`);
  return value;
}

function distinctValues(items: Value[]): Value[] {
  const result: Value[] = [];
  for (const item of items) {
    if (!result.some((existing) => valuesEqual(existing, item) === true)) result.push(item);
  }
  return result;
}

function stringPredicate(
  args: Value[],
  origin: Origin | undefined,
  name: string,
  predicate: (text: string, part: string) => boolean,
): Value {
  const unknownArg = firstUnknownArgument(args);
  if (unknownArg) return unknownArg;
  const [text, part] = args;
  if (!text || !part) throw new EvaluationError(`${name}() needs two arguments`);
  return derived(predicate(requireString(text, name), requireString(part, name)), undefined, origin);
}

function numericReduction(
  args: Value[],
  origin: Origin | undefined,
  name: string,
  reduce: (...values: number[]) => number,
): Value {
  const unknownArg = firstUnknownArgument(args);
  if (unknownArg) return unknownArg;
  return derived(reduce(...args.map((arg) => requireNumber(arg, name))), undefined, origin);
}

/** Functions whose arguments must be evaluated lazily, because they catch evaluation errors. */
export const ERROR_CATCHING_FUNCTIONS = new Set(['try', 'can']);

/** Calls a Terraform function by name, or returns an unknown naming the function when it is not supported. */
export function callTerraformFunction(name: string, args: Value[], origin: Origin | undefined): Value {
  const implementation = functions[name];
  if (!implementation) return unknown(`function ${name}() is not evaluated by iac-mq-lint`, undefined, origin ? [origin] : []);
  return implementation(args, origin);
}
