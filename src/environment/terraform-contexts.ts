import path from 'node:path';
import type { TerraformFile } from '../parsers/terraform/terraform-file.js';
import type { DeploymentContext, Evidence } from './context.js';
import { displayPath } from './evidence.js';
import { classifySegment, type EnvironmentPatterns } from './names.js';

/** A Terraform context: the var files and workspace one `terraform apply` of a root would use. */
export interface TerraformContext extends DeploymentContext {
  varFiles: string[];
}

/** What context discovery needs to know about one root module. */
export interface RootForContexts {
  directory: string;
  /** Names of the root's declared variables. */
  variables: ReadonlySet<string>;
}

/** What the scan found around the roots. */
export interface ContextSurroundings {
  /** Every `.tfvars` / `.tfvars.json` discovered, absolute. */
  varFiles: string[];
  /** Directories that hold `.tf` configuration: a var file in one belongs to that directory's root only. */
  moduleDirectories: ReadonlySet<string>;
  /** Reads a var file once per scan (undefined when it cannot be read or parsed; the reader records why). */
  parse(file: string): Promise<TerraformFile | undefined>;
  patterns: EnvironmentPatterns;
  cwd: string;
}

/** Var files that every environment applies first: `common.tfvars`, `shared.tfvars`, `global.tfvars`. */
const SHARED_VAR_FILE = /^(?:common|shared|global|base|defaults?)$/i;

const AUTO_LOADED = /^terraform\.tfvars(\.json)?$|\.auto\.tfvars(\.json)?$/;

/**
 * Finds the var-file contexts of each root: the var files beside it, below it, or elsewhere whose assignments
 * all name its variables. Beside the root, each file is a context (`common.tfvars` and the like are applied first
 * in each). Elsewhere, files in one directory form one context (`vars/prod/*.tfvars`) unless their own names name
 * environments (`envs/prod.tfvars`, `envs/dev.tfvars`): then each is a context, and the other files of that
 * directory (`envs/common.tfvars`) are applied first in each. Roots without var files get none (the caller adds
 * workspaces or a default context).
 */
export async function discoverVarFileContexts(roots: RootForContexts[], surroundings: ContextSurroundings): Promise<Map<string, TerraformContext[]>> {
  const assigned = new Map<string, string[]>(roots.map((root) => [root.directory, []]));
  const rootDirectories = new Set(roots.map((root) => root.directory));
  for (const file of [...surroundings.varFiles].sort()) {
    const directory = path.dirname(file);
    if (surroundings.moduleDirectories.has(directory)) {
      // Beside configuration: it belongs to that directory's root; Terraform loads the auto-loaded ones itself.
      if (!AUTO_LOADED.test(path.basename(file)) && rootDirectories.has(directory)) assigned.get(directory)?.push(file);
      continue;
    }
    const parsed = await surroundings.parse(file);
    if (!parsed) continue;
    const names = parsed.body.attributes.map((attribute) => attribute.name);
    if (names.length === 0) continue;
    const matching = roots.filter((root) => names.every((name) => root.variables.has(name)));
    for (const root of nearest(matching, file)) assigned.get(root.directory)?.push(file);
  }
  const contexts = new Map<string, TerraformContext[]>();
  for (const [directory, files] of assigned) contexts.set(directory, groupIntoContexts(files, directory, surroundings));
  return contexts;
}

/** Of the roots a var file matches, those nearest to it in the tree: a file in `terraform/variables/prod` serves `terraform/deployments/*`, not a root in another repository folder. */
function nearest(roots: RootForContexts[], file: string): RootForContexts[] {
  const shared = (root: RootForContexts) => commonPrefixLength(root.directory.split(path.sep), path.dirname(file).split(path.sep));
  const best = Math.max(0, ...roots.map(shared));
  return roots.filter((root) => shared(root) === best);
}

function commonPrefixLength(left: string[], right: string[]): number {
  let length = 0;
  while (length < left.length && length < right.length && left[length] === right[length]) length++;
  return length;
}

function groupIntoContexts(files: string[], rootDirectory: string, surroundings: ContextSurroundings): TerraformContext[] {
  const byDirectory = new Map<string, string[]>();
  for (const file of files) {
    const directory = path.dirname(file);
    byDirectory.set(directory, [...(byDirectory.get(directory) ?? []), file]);
  }
  const contexts: TerraformContext[] = [];
  for (const [directory, directoryFiles] of byDirectory) {
    const named = directoryFiles.filter((file) => classifySegment(stripVarFileExtension(path.basename(file)), surroundings.patterns) !== undefined);
    if (directory === rootDirectory) {
      // Beside the root, each var file is one way to apply it, except those named as shared by every environment.
      const shared = directoryFiles.filter((file) => SHARED_VAR_FILE.test(stripVarFileExtension(path.basename(file))));
      for (const file of directoryFiles.filter((candidate) => !shared.includes(candidate))) {
        contexts.push(varFileContext(path.basename(file), [...shared, file], surroundings.cwd));
      }
      if (shared.length === directoryFiles.length) contexts.push(varFileContext(shared.map((file) => path.basename(file)).join(' + '), shared, surroundings.cwd));
      continue;
    }
    if (named.length === 0) {
      contexts.push(varFileContext(displayPath(surroundings.cwd, directory), directoryFiles, surroundings.cwd));
      continue;
    }
    const shared = directoryFiles.filter((file) => !named.includes(file));
    for (const file of named) contexts.push(varFileContext(displayPath(surroundings.cwd, file), [...shared, file], surroundings.cwd));
  }
  return contexts.sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
}

function stripVarFileExtension(name: string): string {
  return name.replace(/\.tfvars(\.json)?$/, '');
}

function varFileContext(name: string, varFiles: string[], cwd: string): TerraformContext {
  const evidence: Evidence[] = varFiles.map((file) => ({
    kind: 'context-name',
    description: `var file ${displayPath(cwd, file)}`,
    name: displayPath(cwd, file),
  }));
  return { name, evidence, files: varFiles, varFiles };
}

/** The context of an explicit command line: `--var-file`, `--var` and `--workspace` say exactly how the root is applied. */
export function explicitContext(varFiles: string[], workspace: string | undefined, cwd: string): TerraformContext {
  const names = varFiles.map((file) => path.basename(file));
  if (workspace !== undefined) names.push(`workspace ${workspace}`);
  const context = varFileContext(names.length > 0 ? names.join(' + ') : 'command line', varFiles, cwd);
  if (workspace === undefined) return context;
  return { ...context, workspace, evidence: [...context.evidence, workspaceEvidence(workspace)] };
}

/** Evidence that a context runs in a named workspace. */
export function workspaceEvidence(workspace: string): Evidence {
  return { kind: 'context-name', description: `workspace ${workspace}`, name: workspace };
}

/** A context per workspace, paired with the var-file context of the same environment name when there is one. */
export function addWorkspaces(contexts: TerraformContext[], workspaces: string[]): TerraformContext[] {
  const result = contexts.map((context) => ({ ...context }));
  for (const workspace of workspaces) {
    const partner = result.find(
      (context) =>
        context.workspace === undefined &&
        context.varFiles.some((file) => stripVarFileExtension(path.basename(file)).toLowerCase() === workspace.toLowerCase() ||
          path.basename(path.dirname(file)).toLowerCase() === workspace.toLowerCase()),
    );
    if (partner) {
      partner.workspace = workspace;
      partner.name = `${partner.name} (workspace ${workspace})`;
      partner.evidence = [...partner.evidence, workspaceEvidence(workspace)];
    } else {
      result.push({ name: `workspace ${workspace}`, evidence: [workspaceEvidence(workspace)], files: [], varFiles: [], workspace });
    }
  }
  return result;
}
