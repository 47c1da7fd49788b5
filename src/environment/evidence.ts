import path from 'node:path';
import type { SourceLocation } from '../model/source.js';
import type { Value } from '../model/value.js';
import type { Evidence } from './context.js';
import { isEnvironmentSelector, isEnvironmentTag, productionFlag } from './names.js';

/** Where a value was written, when it was written somewhere: the literal, else the outermost step of its trail. */
function whereWritten(value: Value): SourceLocation | undefined {
  const origin = value.source ?? value.trail[0];
  return origin ? { file: origin.file, range: origin.range } : undefined;
}

function booleanOf(value: Value): boolean | undefined {
  if (!value.known) return undefined;
  if (typeof value.data === 'boolean') return value.data;
  if (typeof value.data === 'string' && /^(true|false)$/i.test(value.data)) return value.data.toLowerCase() === 'true';
  return undefined;
}

/**
 * Evidence from one input variable or parameter: `environment = "prod"` names the environment, and a boolean
 * flag such as `is_production = true` decides it. `noun` is how messages call it: `variable`, `parameter`.
 */
export function inputEvidence(noun: string, name: string, value: Value): Evidence[] {
  const flag = productionFlag(name);
  const flagValue = flag ? booleanOf(value) : undefined;
  const location = whereWritten(value);
  if (flag && flagValue !== undefined) {
    const evidence: Evidence = { kind: 'flag', description: `${noun} ${name} = ${String(flagValue)}`, production: flagValue === flag.trueMeansProduction };
    return [location ? { ...evidence, location } : evidence];
  }
  if (isEnvironmentSelector(name) && value.known && typeof value.data === 'string' && value.data !== '') {
    const evidence: Evidence = { kind: 'value', description: `${noun} ${name} = "${value.data}"`, name: value.data };
    return [location ? { ...evidence, location } : evidence];
  }
  return [];
}

/** Evidence from a map of tags: each environment-naming key (`Environment`, `env`, `Stage`) with a known string value. */
export function tagEvidence(noun: string, tags: Value | undefined): Evidence[] {
  if (!tags?.known || tags.data === null || typeof tags.data !== 'object' || Array.isArray(tags.data)) return [];
  const evidence: Evidence[] = [];
  for (const [key, value] of Object.entries(tags.data).sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0))) {
    if (!isEnvironmentTag(key) || !value.known || typeof value.data !== 'string' || value.data === '') continue;
    const item: Evidence = { kind: 'tag', description: `${noun} ${key}=${value.data}`, name: value.data };
    const location = whereWritten(value);
    evidence.push(location ? { ...item, location } : item);
  }
  return evidence;
}

/** A path for messages: relative to the working directory, with forward slashes. */
export function displayPath(cwd: string, file: string): string {
  const relative = path.relative(cwd, file);
  return (relative === '' ? '.' : relative).split(path.sep).join('/');
}

/**
 * Directory evidence for a root module, template or plan: its path below the scan root (or the working
 * directory, when the root is inside it), never the machine's own path above them (`/home/prod-team/…`).
 */
export function directoryEvidence(root: string, scanRoots: string[], cwd: string, noun = 'directory'): Evidence[] {
  const base = [cwd, ...scanRoots].filter((candidate) => isInside(root, candidate)).sort((left, right) => left.length - right.length)[0];
  if (base === undefined) return [];
  const relative = path.relative(base, root).split(path.sep).join('/');
  if (relative === '') return [];
  return [{ kind: 'directory', description: `${noun} ${relative}`, name: relative }];
}

function isInside(file: string, directory: string): boolean {
  const relative = path.relative(directory, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
