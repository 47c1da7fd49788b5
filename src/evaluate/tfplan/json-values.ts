/** A JSON object of a plan or state, its members not yet checked. */
export type JsonObject = Record<string, unknown>;

/** The value as a JSON object, or undefined when it is anything else (arrays included). */
export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

/** The value as an array, or an empty one when it is anything else. */
export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
