import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { HclAttributePosition, HclBlockPosition } from '../parsers/terraform/position-index.js';
import type { TerraformFile } from '../parsers/terraform/terraform-file.js';
import type { Evidence } from './context.js';

/** Files of a root module, as the evaluator loaded them. */
interface RootFiles {
  directory: string;
  files: TerraformFile[];
}

/** A string literal attribute's value, or undefined for anything computed. */
function literalString(attribute: HclAttributePosition | undefined): string | undefined {
  const match = attribute && /^"([^"\\$%]*)"$/.exec(attribute.valueText.trim());
  return match?.[1];
}

function literalStrings(attribute: HclAttributePosition | undefined): string[] {
  if (!attribute) return [];
  const single = literalString(attribute);
  if (single !== undefined) return [single];
  const list = /^\[([^\]]*)\]$/.exec(attribute.valueText.trim());
  return list ? [...(list[1] ?? '').matchAll(/"([^"\\$%]*)"/g)].map((match) => match[1] ?? '') : [];
}

function attributeNamed(block: HclBlockPosition, name: string): HclAttributePosition | undefined {
  return block.attributes.find((attribute) => attribute.name === name);
}

function evidenceAt(file: TerraformFile, attribute: HclAttributePosition, description: string, name: string): Evidence {
  return { kind: 'backend', description, name, location: { file: file.path, range: attribute.valueRange } };
}

/**
 * Backend settings that name where the state lives, which usually names the environment: an S3 `key` such as
 * `prod/mq.tfstate`, a `remote` backend's workspace `name` or `prefix`, a `cloud` block's workspace `name` or
 * `tags`. Only literals count: `-backend-config` values are not in the code.
 */
export function backendEvidence(root: RootFiles): Evidence[] {
  const evidence: Evidence[] = [];
  for (const file of root.files) {
    for (const terraform of file.body.blocks.filter((block) => block.type === 'terraform')) {
      for (const block of terraform.blocks) {
        if (block.type === 'backend') {
          for (const name of ['key', 'prefix', 'workspace_key_prefix', 'path']) {
            const attribute = attributeNamed(block, name);
            const value = literalString(attribute);
            if (attribute && value) evidence.push(evidenceAt(file, attribute, `backend ${block.labels[0] ?? ''} ${name} ${value}`, value));
          }
        }
        if (block.type === 'backend' || block.type === 'cloud') {
          for (const workspaces of block.blocks.filter((nested) => nested.type === 'workspaces')) {
            for (const name of ['name', 'prefix', 'tags']) {
              const attribute = attributeNamed(workspaces, name);
              for (const value of literalStrings(attribute)) {
                if (attribute) evidence.push(evidenceAt(file, attribute, `${block.type === 'cloud' ? 'cloud' : 'remote'} workspace ${name} ${value}`, value));
              }
            }
          }
        }
      }
    }
  }
  return evidence;
}

/** A reference indexed by the workspace: `local.settings[terraform.workspace]` or `lookup(var.modes, terraform.workspace, …)`. */
const WORKSPACE_INDEX = /([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)+)\s*\[\s*terraform\.workspace\s*\]|lookup\(\s*([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)+)\s*,\s*terraform\.workspace\b/g;

/** A map reference indexed by `terraform.workspace`, with where it is written (for evaluation). */
export interface WorkspaceIndexedMap {
  file: TerraformFile;
  offset: number;
  reference: string;
}

/** The maps a root indexes with `terraform.workspace`: their keys are the workspaces it expects to run in. */
export function workspaceIndexedMaps(root: RootFiles): WorkspaceIndexedMap[] {
  const found: WorkspaceIndexedMap[] = [];
  for (const file of root.files) {
    if (!file.text.includes('terraform.workspace')) continue;
    for (const match of file.text.matchAll(WORKSPACE_INDEX)) {
      const reference = match[1] ?? match[2];
      if (reference === undefined || reference.startsWith('terraform.')) continue;
      const offset = (match.index ?? 0) + match[0].indexOf(reference);
      found.push({ file, offset, reference });
    }
  }
  return found;
}

/** Workspaces `terraform workspace new` created with local state: the directories of `terraform.tfstate.d`. */
export function localStateWorkspaces(rootDirectory: string): string[] {
  try {
    return readdirSync(path.join(rootDirectory, 'terraform.tfstate.d'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
  } catch {
    // No local workspaces.
    return [];
  }
}
