import type { SourceLocation } from './source.js';

/** Why a location belongs to a value's history: shown to users as the related location's message. */
export type OriginRole =
  | 'literal'
  | 'expression'
  | 'variable-default'
  | 'variable-declaration'
  | 'tfvars'
  | 'cli-var'
  | 'environment-var'
  | 'local'
  | 'module-argument'
  | 'module-call'
  | 'parameter-file'
  | 'resource'
  | 'provider-default';

/** One step in a value's provenance chain. */
export interface Origin extends SourceLocation {
  role: OriginRole;
  /** A short human description such as `var.mode` or `TF_VAR_mode`. */
  label?: string;
}

/** Plain data a known value can hold; nested members keep their own provenance. */
export type ValueData = string | number | boolean | null | Value[] | { [key: string]: Value };

/** A value whose content was determined statically. */
export interface KnownValue {
  known: true;
  data: ValueData;
  /** Where the deciding literal was written: the place a user edits to change the value. */
  source?: Origin;
  /** The chain of expressions, variables and module arguments the value flowed through (outermost first). */
  trail: Origin[];
}

/** A value the scanner cannot determine, with the reason (never guessed). */
export interface UnknownValue {
  known: false;
  reason: string;
  source?: Origin;
  trail: Origin[];
}

/** The result of evaluating an expression. */
export type Value = KnownValue | UnknownValue;

/** Builds a known value. */
export function known(data: ValueData, source?: Origin, trail: Origin[] = []): KnownValue {
  return source === undefined ? { known: true, data, trail } : { known: true, data, source, trail };
}

/** Builds an unknown value with its reason. */
export function unknown(reason: string, source?: Origin, trail: Origin[] = []): UnknownValue {
  return source === undefined ? { known: false, reason, trail } : { known: false, reason, source, trail };
}

/** Adds an outer step to a value's trail, keeping its source. */
export function withTrail(value: Value, step: Origin | undefined): Value {
  if (step === undefined) return value;
  return { ...value, trail: [step, ...value.trail] };
}

/** Converts a value into plain JSON, or undefined if any part of it is unknown. */
export function toPlain(value: Value): unknown {
  if (!value.known) return undefined;
  const data = value.data;
  if (Array.isArray(data)) {
    const items: unknown[] = [];
    for (const item of data) {
      const plain = toPlain(item);
      if (plain === undefined) return undefined;
      items.push(plain);
    }
    return items;
  }
  if (data !== null && typeof data === 'object') {
    const result: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(data)) {
      const plain = toPlain(member);
      if (plain === undefined) return undefined;
      result[key] = plain;
    }
    return result;
  }
  return data;
}

/**
 * The number of elements of a list whose length is known even when some of its elements are not
 * (`[aws_subnet.a.id, aws_subnet.b.id]`): equal known elements count once, as in the sets Terraform makes of
 * `subnet_ids`; each unknown element counts once. Undefined for anything but a known list.
 */
export function knownLength(value: Value): number | undefined {
  if (!value.known || !Array.isArray(value.data)) return undefined;
  const distinct = new Set<string>();
  let unknownElements = 0;
  for (const item of value.data) {
    const plain = toPlain(item);
    if (plain === undefined) unknownElements += 1;
    else distinct.add(JSON.stringify(canonical(plain)));
  }
  return distinct.size + unknownElements;
}

/** Returns the first unknown found inside a value (depth first), if any. */
export function firstUnknown(value: Value): UnknownValue | undefined {
  if (!value.known) return value;
  const data = value.data;
  if (Array.isArray(data)) {
    for (const item of data) {
      const found = firstUnknown(item);
      if (found) return found;
    }
  } else if (data !== null && typeof data === 'object') {
    for (const member of Object.values(data)) {
      const found = firstUnknown(member);
      if (found) return found;
    }
  }
  return undefined;
}

/** Equality as Terraform's `==` and CloudFormation's comparisons of data: same content, recursively; undefined when unknown. */
export function valuesEqual(left: Value, right: Value): boolean | undefined {
  const leftPlain = toPlain(left);
  const rightPlain = toPlain(right);
  if (leftPlain === undefined || rightPlain === undefined) return undefined;
  return JSON.stringify(canonical(leftPlain)) === JSON.stringify(canonical(rightPlain));
}

function canonical(plain: unknown): unknown {
  if (Array.isArray(plain)) return plain.map(canonical);
  if (plain !== null && typeof plain === 'object') {
    return Object.fromEntries(
      Object.keys(plain)
        .sort()
        .map((key) => [key, canonical((plain as Record<string, unknown>)[key])]),
    );
  }
  return plain;
}
