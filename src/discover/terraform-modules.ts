import path from 'node:path';
import { comparePaths, isTerraformConfiguration } from './file-kind.js';
import type { DiscoveredFile } from './walk.js';

/** One directory of Terraform configuration: Terraform treats every directory as one module. */
export interface TerraformModuleDir {
  directory: string;
  /** The `.tf` and `.tf.json` files, sorted by path. */
  files: string[];
  /**
   * The variable files Terraform loads by itself when this directory is the root module, in the
   * order it loads them (later files win); a module called by another ignores them.
   */
  autoVarFiles: string[];
}

interface ModuleFiles {
  configuration: string[];
  autoVarFiles: Array<{ path: string; name: string; rank: number }>;
}

/** Groups discovered files into module directories (those holding `.tf` or `.tf.json`), sorted by directory. */
export function groupTerraformModules(files: DiscoveredFile[]): TerraformModuleDir[] {
  const byDirectory = new Map<string, ModuleFiles>();
  for (const file of files) {
    const directory = path.dirname(file.path);
    const name = path.basename(file.path);
    const rank = file.kind === 'terraform-vars' ? autoLoadRank(name) : undefined;
    if (!isTerraformConfiguration(file.kind) && rank === undefined) continue;
    let module = byDirectory.get(directory);
    if (module === undefined) {
      module = { configuration: [], autoVarFiles: [] };
      byDirectory.set(directory, module);
    }
    if (rank === undefined) module.configuration.push(file.path);
    else module.autoVarFiles.push({ path: file.path, name, rank });
  }
  return [...byDirectory]
    .filter(([, module]) => module.configuration.length > 0)
    .sort(([left], [right]) => comparePaths(left, right))
    .map(([directory, module]) => ({
      directory,
      files: module.configuration.sort(comparePaths),
      autoVarFiles: module.autoVarFiles
        .sort((left, right) => left.rank - right.rank || comparePaths(left.name, right.name))
        .map((varFile) => varFile.path),
    }));
}

// Terraform reads terraform.tfvars, then terraform.tfvars.json, then every *.auto.tfvars and
// *.auto.tfvars.json in the order of their names (collectVariableValues in internal/command/meta_vars.go).
function autoLoadRank(name: string): number | undefined {
  if (name === 'terraform.tfvars') return 0;
  if (name === 'terraform.tfvars.json') return 1;
  if (name.endsWith('.auto.tfvars') || name.endsWith('.auto.tfvars.json')) return 2;
  return undefined;
}
