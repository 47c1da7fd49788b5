import type { LineIndex, SourceRange } from '../../model/source.js';

/** A scalar of a CloudFormation template: YAML and JSON both produce these. */
export interface CfnScalar {
  /** Set only on nodes cfn-include brought in from another file: the file they were written in. */
  file?: string;
  kind: 'scalar';
  value: string | number | boolean | null;
  range: SourceRange;
}

/** A list of a CloudFormation template. */
export interface CfnSequence {
  /** Set only on nodes cfn-include brought in from another file: the file they were written in. */
  file?: string;
  kind: 'sequence';
  items: CfnNode[];
  range: SourceRange;
}

/** One key of a mapping, with the range of the key itself. */
export interface CfnEntry {
  key: string;
  keyRange: SourceRange;
  value: CfnNode;
}

/**
 * A map of a CloudFormation template. A short-form tag (`!Ref X`) becomes a one-entry mapping in long form
 * (`{ Ref: X }`) whose key range is the tag's range and whose own range is the tagged node's.
 */
export interface CfnMapping {
  /** Set only on nodes cfn-include brought in from another file: the file they were written in. */
  file?: string;
  kind: 'mapping';
  entries: CfnEntry[];
  range: SourceRange;
}

/** Any node of a parsed template, with the exact range it was written at. */
export type CfnNode = CfnScalar | CfnSequence | CfnMapping;

/** A parsed template file. */
export interface CfnTemplateFile {
  path: string;
  text: string;
  lines: LineIndex;
  syntax: 'yaml' | 'json';
  root: CfnMapping;
  /** Texts of the files cfn-include brought nodes in from, by path. */
  includedTexts?: Map<string, string>;
  /** Problems that do not stop evaluation (duplicate keys: the last one wins, as CloudFormation's YAML parser does). */
  warnings: Array<{ line: number; column: number; message: string }>;
}

/** The value of a mapping's key, if present. */
export function entryValue(mapping: CfnMapping, key: string): CfnNode | undefined {
  let found: CfnNode | undefined;
  for (const entry of mapping.entries) if (entry.key === key) found = entry.value;
  return found;
}

/** The entry of a mapping's key (the last one, when duplicated). */
export function findEntry(mapping: CfnMapping, key: string): CfnEntry | undefined {
  let found: CfnEntry | undefined;
  for (const entry of mapping.entries) if (entry.key === key) found = entry;
  return found;
}
