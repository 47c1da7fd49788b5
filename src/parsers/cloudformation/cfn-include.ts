import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LineIndex, type SourceRange } from '../../model/source.js';
import { CloudFormationSyntaxError } from './template-file.js';
import type { CfnEntry, CfnNode, CfnTemplateFile } from './template-node.js';
import { readYamlTree, YamlTreeError } from './yaml-tree.js';

/** The directives cfn-include 1.5 expands (`Fn::Length` is left out: CloudFormation's own language extension has it too). */
const CFN_INCLUDE_DIRECTIVES = new Set([
  'Fn::DeepMerge',
  'Fn::Flatten',
  'Fn::GetEnv',
  'Fn::Include',
  'Fn::LowerCamelCase',
  'Fn::Map',
  'Fn::Merge',
  'Fn::Outputs',
  'Fn::Sequence',
  'Fn::Stringify',
  'Fn::UpperCamelCase',
]);

/** Whether a template uses any cfn-include directive, so that it must be expanded before evaluation. */
export function usesCfnInclude(node: CfnNode): boolean {
  const pending: CfnNode[] = [node];
  for (let current = pending.pop(); current; current = pending.pop()) {
    if (current.kind === 'sequence') pending.push(...current.items);
    if (current.kind !== 'mapping') continue;
    for (const entry of current.entries) {
      if (CFN_INCLUDE_DIRECTIVES.has(entry.key)) return true;
      pending.push(entry.value);
    }
  }
  return false;
}

/**
 * Expands cfn-include's directives with the `cfn-include` package (an optional dependency, loaded only here).
 * The scanner never touches the network nor reads its own environment into a verdict, so remote or `api`
 * includes and `Fn::GetEnv` are refused before cfn-include runs, in the template and in every file it includes.
 * Positions are traced back to the template: a node that stands at the same path in the source keeps its
 * exact range; a node a directive produced is placed at that directive.
 */
export async function expandCfnInclude(template: CfnTemplateFile, readText: (file: string) => Promise<string>): Promise<CfnTemplateFile> {
  const included = new Map<string, IncludedFile>();
  await refuseUnsafeDirectives(template.path, template.root, readText, included);
  let include: (typeof import('cfn-include'))['default'];
  // cfn-include loads the AWS SDK v2, which prints an end-of-support notice on load; it says nothing about the scan.
  process.env['AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE'] ??= '1';
  try {
    include = (await import('cfn-include')).default;
  } catch {
    throw new CloudFormationSyntaxError(
      template.path,
      'the template uses cfn-include directives (Fn::Include, Fn::Map, …): install the optional package cfn-include (npm install cfn-include) to scan it',
      1,
      1,
    );
  }
  let expanded: unknown;
  try {
    expanded = await include({ template: toPlainTemplate(template.root), url: pathToFileURL(template.path).href });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new CloudFormationSyntaxError(template.path, `cfn-include could not expand the template: ${message.split('\n')[0] ?? message}`, 1, 1);
  }
  const tracer = new PositionTracer(template.path, included);
  const root = tracer.trace(expanded, [{ node: template.root, file: template.path }], { range: template.root.range, file: template.path });
  if (root.kind !== 'mapping') throw new CloudFormationSyntaxError(template.path, 'cfn-include did not produce a template mapping', 1, 1);
  return { ...template, root, includedTexts: new Map([...included].map(([file, { text }]) => [file, text])) };
}

/** A file an `Fn::Include` reads, parsed with positions for tracing. */
interface IncludedFile {
  text: string;
  root: CfnNode | undefined;
}

async function refuseUnsafeDirectives(
  file: string,
  root: CfnNode,
  readText: (file: string) => Promise<string>,
  included: Map<string, IncludedFile>,
): Promise<void> {
  const refuse = (range: SourceRange, message: string): never => {
    throw new CloudFormationSyntaxError(file, message, range.start.line, range.start.column);
  };
  const pending: CfnNode[] = [root];
  for (let current = pending.pop(); current; current = pending.pop()) {
    if (current.kind === 'sequence') pending.push(...current.items);
    if (current.kind !== 'mapping') continue;
    for (const entry of current.entries) {
      pending.push(entry.value);
      if (entry.key === 'Fn::GetEnv') refuse(entry.keyRange, 'Fn::GetEnv reads the environment of the machine that runs the scan; iac-mq-lint does not evaluate it');
      if (entry.key !== 'Fn::Include') continue;
      const include = includeArguments(entry);
      if (!include) refuse(entry.keyRange, 'Fn::Include needs a literal location for iac-mq-lint to check it stays on this machine');
      const { location, type } = include as { location: string; type: string };
      if (type === 'api') refuse(entry.keyRange, 'Fn::Include of type api calls AWS; iac-mq-lint never touches the network');
      const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(location)?.[1]?.toLowerCase();
      if (scheme && scheme !== 'file') refuse(entry.keyRange, `Fn::Include of ${location} is refused: iac-mq-lint never fetches anything over the network`);
      if (type !== 'json') continue;
      const includedPath = resolveIncludeLocation(file, location);
      if (included.has(includedPath)) continue;
      const text = await readText(includedPath).catch(() => refuse(entry.keyRange, `Fn::Include of ${location}: the file cannot be read`));
      const includedLines = new LineIndex(text);
      let tree;
      try {
        tree = readYamlTree(text, includedLines);
      } catch (error) {
        if (!(error instanceof YamlTreeError)) throw error;
        const where = includedLines.positionAt(error.offset);
        throw new CloudFormationSyntaxError(includedPath, error.message, where.line, where.column);
      }
      included.set(includedPath, { text, root: tree.root });
      if (tree.root) await refuseUnsafeDirectives(includedPath, tree.root, readText, included);
    }
  }
}

function includeArguments(entry: CfnEntry): { location: string; type: string } | undefined {
  const value = entry.value;
  if (value.kind === 'scalar' && typeof value.value === 'string') return { location: value.value, type: 'json' };
  if (value.kind !== 'mapping') return undefined;
  const location = value.entries.find((candidate) => candidate.key === 'location')?.value;
  const type = value.entries.find((candidate) => candidate.key === 'type')?.value;
  if (location?.kind !== 'scalar' || typeof location.value !== 'string') return undefined;
  return { location: location.value, type: type?.kind === 'scalar' && typeof type.value === 'string' ? type.value : 'json' };
}

/** The template as plain data in long form, as cfn-include takes it. */
function toPlainTemplate(node: CfnNode): unknown {
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'sequence':
      return node.items.map(toPlainTemplate);
    case 'mapping':
      return Object.fromEntries(node.entries.map((entry) => [entry.key, toPlainTemplate(entry.value)]));
  }
}

/** A source node that may have produced part of cfn-include's output, with the file it was written in. */
interface Candidate {
  node: CfnNode;
  file: string;
}

/**
 * Rebuilds positioned nodes for cfn-include's output. A value is matched to the node that wrote it: at the
 * same path in the template, inside a file an `Fn::Include` read, or in a part of an `Fn::Merge`; a value that
 * no node wrote as such (a `Fn::Map` product, say) is placed at the directive that made it.
 */
class PositionTracer {
  constructor(
    private readonly templatePath: string,
    private readonly included: Map<string, IncludedFile>,
  ) {}

  trace(value: unknown, candidates: Candidate[], fallback: { range: SourceRange; file: string }): CfnNode {
    const resolved = candidates.flatMap((candidate) => this.resolve(candidate, 0));
    const [first] = resolved;
    const place = first ? { range: first.node.range, file: first.file } : fallback;
    const fileField = place.file === this.templatePath ? {} : { file: place.file };
    if (Array.isArray(value)) {
      const sequence = resolved.find((candidate) => candidate.node.kind === 'sequence' && candidate.node.items.length === value.length);
      const items = value.map((item, index) => {
        const source = sequence?.node.kind === 'sequence' ? sequence.node.items[index] : undefined;
        return this.trace(item, source && sequence ? [{ node: source, file: sequence.file }] : [], place);
      });
      return { kind: 'sequence', items, range: place.range, ...fileField };
    }
    if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value as Record<string, unknown>).map(([key, member]): CfnEntry => {
        // With Fn::Merge a later part wins, so the last candidate holding the key wrote it.
        const holder = [...resolved].reverse().find((candidate) => candidate.node.kind === 'mapping' && candidate.node.entries.some((entry) => entry.key === key));
        const sourceEntry = holder?.node.kind === 'mapping' ? [...holder.node.entries].reverse().find((entry) => entry.key === key) : undefined;
        const memberPlace = sourceEntry && holder ? { range: sourceEntry.value.range, file: holder.file } : place;
        return {
          key,
          keyRange: sourceEntry?.keyRange ?? place.range,
          value: this.trace(member, sourceEntry && holder ? [{ node: sourceEntry.value, file: holder.file }] : [], memberPlace),
        };
      });
      return { kind: 'mapping', entries, range: place.range, ...fileField };
    }
    const scalar = value === undefined ? null : (value as string | number | boolean | null);
    const written = resolved.find((candidate) => candidate.node.kind === 'scalar' && candidate.node.value === scalar);
    const scalarPlace = written ? { range: written.node.range, file: written.file } : place;
    return { kind: 'scalar', value: scalar, range: scalarPlace.range, ...(scalarPlace.file === this.templatePath ? {} : { file: scalarPlace.file }) };
  }

  /** Replaces a directive by the nodes its output comes from: the included file's root, the parts of a merge. */
  private resolve(candidate: Candidate, depth: number): Candidate[] {
    const node = candidate.node;
    const [only] = node.kind === 'mapping' ? node.entries : [];
    if (node.kind !== 'mapping' || node.entries.length !== 1 || !only || !CFN_INCLUDE_DIRECTIVES.has(only.key)) return [candidate];
    if (depth > 16) return [];
    if (only.key === 'Fn::Include') {
      const include = includeArguments(only);
      const file = include && include.type === 'json' ? resolveIncludeLocation(candidate.file, include.location) : undefined;
      const root = file ? this.included.get(file)?.root : undefined;
      return root && file ? this.resolve({ node: root, file }, depth + 1) : [];
    }
    if ((only.key === 'Fn::Merge' || only.key === 'Fn::DeepMerge') && only.value.kind === 'sequence') {
      return only.value.items.flatMap((item) => this.resolve({ node: item, file: candidate.file }, depth + 1));
    }
    return [];
  }
}

/** The absolute path an include location names, relative to the including file. */
function resolveIncludeLocation(includingFile: string, location: string): string {
  return path.resolve(path.dirname(includingFile), location.replace(/^file:\/\//i, ''));
}
