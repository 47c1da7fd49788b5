import { InputFileError } from '../../model/finding.js';
import { LineIndex } from '../../model/source.js';
import { readJsonTree } from './json-tree.js';
import type { CfnNode, CfnTemplateFile } from './template-node.js';
import { readYamlTree, YamlTreeError } from './yaml-tree.js';

/** A syntax error in a CloudFormation template, with the position it was found at. */
export class CloudFormationSyntaxError extends InputFileError {}

const BYTE_ORDER_MARK = '\uFEFF';
const SERVERLESS_TRANSFORM = 'AWS::Serverless-2016-10-31';

/** `\bType` leaves out `ResourceType:` and `ItemType:` keys. */
const TEMPLATE_SIGNS = /AWSTemplateFormatVersion|\bType["']?\s*:\s*["']?AWS::|AWS::Serverless-2016-10-31/;

/** Cheap text check before parsing: could this file be a CloudFormation template? */
export function looksLikeCloudFormation(text: string): boolean {
  return TEMPLATE_SIGNS.test(text);
}

/**
 * Parses a YAML or JSON template with positions; returns undefined when the document is not a CloudFormation
 * template; throws {@link CloudFormationSyntaxError} when it looks like one but cannot be parsed.
 */
export function readCloudFormationTemplate(path: string, rawText: string): CfnTemplateFile | undefined {
  const text = rawText.startsWith(BYTE_ORDER_MARK) ? rawText.slice(1) : rawText;
  if (!looksLikeCloudFormation(text)) return undefined;
  const json = parseJson(text);
  // JSON.parse is about a hundred times faster than the positioned parse, which is kept for actual templates
  // (a 1 MB resource specification would otherwise take seconds to set aside).
  if (json !== undefined && !hasTemplateShape(json)) return undefined;
  const lines = new LineIndex(text);
  const syntaxError = (message: string, offset: number): CloudFormationSyntaxError => {
    const { line, column } = lines.positionAt(offset);
    return new CloudFormationSyntaxError(path, message, line, column);
  };
  const tree = (() => {
    try {
      return json === undefined ? readYamlTree(text, lines) : readJsonTree(text, lines);
    } catch (error) {
      if (error instanceof YamlTreeError) throw syntaxError(error.message, error.offset);
      throw error;
    }
  })();
  const root = tree.root;
  if (root?.kind !== 'mapping' || !hasTemplateShape(outline(root, 3))) return undefined;
  const problem = tree.problems[0];
  if (problem) throw syntaxError(problem.message, problem.offset);
  return { path, text, lines, syntax: json === undefined ? 'yaml' : 'json', root, warnings: tree.warnings };
}

/** The value of a JSON text, or undefined when the text is not JSON (which is then read as YAML). */
function parseJson(text: string): unknown {
  if (!text.trimStart().startsWith('{')) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Whether a document, as plain values, is a template: it declares a format version or the SAM transform, or
 * has at least one resource of an `AWS::` type.
 */
function hasTemplateShape(root: unknown): boolean {
  if (!isRecord(root)) return false;
  if (Object.hasOwn(root, 'AWSTemplateFormatVersion')) return true;
  const transforms: unknown[] = Array.isArray(root.Transform) ? root.Transform : [root.Transform];
  if (transforms.includes(SERVERLESS_TRANSFORM)) return true;
  const resources = root.Resources;
  return isRecord(resources) && Object.values(resources).some((resource) => isRecord(resource) && typeof resource.Type === 'string' && resource.Type.startsWith('AWS::'));
}

/** The top `levels` of a tree as plain values (the last of duplicate keys wins), enough for {@link hasTemplateShape}. */
function outline(node: CfnNode, levels: number): unknown {
  if (node.kind === 'scalar') return node.value;
  if (levels === 0) return null;
  if (node.kind === 'sequence') return node.items.map((item) => outline(item, levels - 1));
  return Object.fromEntries(node.entries.map((entry) => [entry.key, outline(entry.value, levels - 1)]));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
