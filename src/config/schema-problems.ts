import type { ErrorObject } from 'ajv/dist/2020.js';
import type { ConfigProblem } from './config-document.js';
import { unknownRuleMessage } from './config-checks.js';
import { didYouMean } from './did-you-mean.js';

/** A JSON schema object as Ajv hands it back with `verbose`: only the keywords the messages read. */
interface SchemaObject {
  type?: string;
  items?: SchemaObject;
  $ref?: string;
  properties?: Record<string, unknown>;
  patternProperties?: Record<string, unknown>;
  oneOf?: Array<{ required?: string[] }>;
}

/** Explanations of the schema's `pattern`s, which Ajv can only quote. */
const PATTERN_EXPLANATIONS: Record<string, string> = {
  '^(?:[A-Za-z0-9_-]+|/.+/i?)$': 'must be a word (letters, digits, - and _) or a /regular expression/',
};

/** What the configuration needs to know to word schema errors for people. */
export interface SchemaErrorContext {
  /** The validated value, to tell list items from keys and say what was found instead. */
  config: unknown;
  /** The whole schema, to follow `$ref`s. */
  schema: SchemaObject;
  knownRuleIds: readonly string[] | undefined;
}

/**
 * Ajv's errors as problems people understand, each placed on the key or value to fix. Errors that only restate
 * another are dropped: the branch errors of a `oneOf` or `if`, a `oneOf` over a value of the wrong type, the type
 * error beside an `enum` (which lists the values), a missing key beside an unknown one.
 */
export function schemaProblems(errors: readonly ErrorObject[], context: SchemaErrorContext): ConfigProblem[] {
  const keywordsAt = new Map<string, Set<string>>();
  for (const error of errors) keywordsAt.set(error.instancePath, (keywordsAt.get(error.instancePath) ?? new Set()).add(error.keyword));
  return errors
    .filter((error) => {
      const keywords = keywordsAt.get(error.instancePath);
      if (error.keyword === 'if' || error.schemaPath.includes('/oneOf/')) return false;
      if (error.keyword === 'oneOf' && keywords?.has('type')) return false;
      // A misspelt key also leaves the key it meant missing: the unknown key is the one to report.
      if ((error.keyword === 'oneOf' || error.keyword === 'required') && keywords?.has('additionalProperties')) return false;
      return !(error.keyword === 'type' && keywords?.has('enum'));
    })
    .map((error) => describeError(error, context));
}

function describeError(error: ErrorObject, context: SchemaErrorContext): ConfigProblem {
  const path = error.instancePath.split('/').slice(1).map(unescapePointerSegment);
  const subject = subjectOf(path, context.config);
  const schema = error.parentSchema as SchemaObject;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params['additionalProperty']);
      // The one object with patternProperties is `rules`: its keys are rule ids.
      const message = schema.patternProperties
        ? unknownRuleMessage(key, context.knownRuleIds)
        : `unknown key "${key}"${didYouMean(key, Object.keys(schema.properties ?? {}))}`;
      return { path: [...path, key], part: 'key', message };
    }
    case 'required':
      return { path, part: 'value', message: `${subject} is missing the required key "${String(params['missingProperty'])}"` };
    case 'type':
      return { path, part: 'value', message: `${subject} must be ${expectedKind(schema, context.schema)}, found ${describeValue(error.data)}` };
    case 'enum': {
      const allowed = (params['allowedValues'] as unknown[]).map(String);
      const suggestion = typeof error.data === 'string' ? didYouMean(error.data, allowed) : '';
      return { path, part: 'value', message: `${subject} must be one of ${allowed.join(', ')}${suggestion}` };
    }
    case 'pattern': {
      const pattern = String(params['pattern']);
      return { path, part: 'value', message: `${subject} ${PATTERN_EXPLANATIONS[pattern] ?? `must match ${pattern}`}` };
    }
    case 'uniqueItems': {
      // Ajv's `j` is the later of the two equal items, `i` the earlier one.
      const [later, earlier] = [Number(params['j']), Number(params['i'])];
      return { path: [...path, String(later)], part: 'value', message: `item ${later + 1} of ${subject} repeats item ${earlier + 1}` };
    }
    case 'minLength':
    case 'minItems':
      return { path, part: 'value', message: `${subject} must not be empty` };
    case 'oneOf':
      return describeOneOf(path, subject, schema, params['passingSchemas']);
    default:
      return { path, part: 'value', message: `${subject} ${error.message ?? 'is not valid'}` };
  }
}

/** The schema's `oneOf`s each require one key of a set (a mapping's matcher): say which keys, and which clash. */
function describeOneOf(path: string[], subject: string, schema: SchemaObject, passingSchemas: unknown): ConfigProblem {
  const choices = (schema.oneOf ?? []).map((branch) => branch.required?.[0] ?? '?');
  const rule = `${subject} must have exactly one of ${choices.join(', ')}`;
  if (!Array.isArray(passingSchemas)) return { path, part: 'value', message: rule };
  const present = passingSchemas.map((index: number) => choices[index] ?? '?');
  // Point at the second one: the first is the one a reader takes as meant.
  return { path: [...path, present[1] ?? ''], part: 'key', message: `${rule}, found ${present.join(' and ')}` };
}

/** How a message names the value at a path: `"unknown"`, `item 2 of "files"`, `the configuration`. */
function subjectOf(path: readonly string[], config: unknown): string {
  const last = path[path.length - 1];
  if (last === undefined) return 'the configuration';
  const parent = path.slice(0, -1).reduce<unknown>((value, segment) => (value as Record<string, unknown> | undefined)?.[segment], config);
  if (Array.isArray(parent)) return `item ${Number(last) + 1} of ${subjectOf(path.slice(0, -1), config)}`;
  return `"${last}"`;
}

function expectedKind(schema: SchemaObject, rootSchema: SchemaObject): string {
  switch (schema.type) {
    case 'array': {
      const items = schema.items && resolveReference(schema.items, rootSchema);
      if (items?.type === 'string') return 'a list of strings';
      if (items?.type === 'object') return 'a list of mappings';
      return 'a list';
    }
    case 'object':
      return 'a mapping';
    case 'boolean':
      return 'true or false';
    default:
      return `a ${schema.type ?? 'value'}`;
  }
}

/** The schema a local `$ref` (`#/$defs/name`) points at; the schema itself when it has none. */
function resolveReference(schema: SchemaObject, rootSchema: SchemaObject): SchemaObject | undefined {
  if (schema.$ref === undefined) return schema;
  return schema.$ref
    .slice(2)
    .split('/')
    .map(unescapePointerSegment)
    .reduce<unknown>((node, segment) => (node as Record<string, unknown> | undefined)?.[segment], rootSchema) as SchemaObject | undefined;
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'boolean') return String(value);
  return `a ${typeof value}`;
}

function unescapePointerSegment(segment: string): string {
  return segment.replaceAll('~1', '/').replaceAll('~0', '~');
}
