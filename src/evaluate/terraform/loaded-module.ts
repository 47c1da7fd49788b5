import type { HclAttributePosition, HclBlockPosition } from '../../parsers/terraform/position-index.js';
import type { TerraformFile } from '../../parsers/terraform/terraform-file.js';

/** A block together with the file it was written in. */
export interface PlacedBlock {
  file: TerraformFile;
  block: HclBlockPosition;
}

/** An attribute together with the file it was written in. */
export interface PlacedAttribute {
  file: TerraformFile;
  attribute: HclAttributePosition;
}

/** The declarations of one Terraform module directory, indexed for evaluation. */
export interface LoadedModule {
  directory: string;
  files: TerraformFile[];
  variables: Map<string, PlacedBlock>;
  locals: Map<string, PlacedAttribute>;
  outputs: Map<string, PlacedBlock>;
  moduleCalls: PlacedBlock[];
  /** Managed resources keyed by `type.name`. */
  resources: Map<string, PlacedBlock>;
  /** Data sources keyed by `type.name`. */
  dataSources: Map<string, PlacedBlock>;
}

/** Indexes the top-level blocks of a module's files; later duplicates are ignored as Terraform would reject them. */
export function indexModule(directory: string, files: TerraformFile[]): LoadedModule {
  const loaded: LoadedModule = {
    directory,
    files,
    variables: new Map(),
    locals: new Map(),
    outputs: new Map(),
    moduleCalls: [],
    resources: new Map(),
    dataSources: new Map(),
  };
  for (const file of files) {
    for (const block of file.body.blocks) {
      const [first, second] = block.labels;
      switch (block.type) {
        case 'variable':
          if (first !== undefined && !loaded.variables.has(first)) loaded.variables.set(first, { file, block });
          break;
        case 'locals':
          for (const attribute of block.attributes) {
            if (!loaded.locals.has(attribute.name)) loaded.locals.set(attribute.name, { file, attribute });
          }
          break;
        case 'output':
          if (first !== undefined && !loaded.outputs.has(first)) loaded.outputs.set(first, { file, block });
          break;
        case 'module':
          if (first !== undefined) loaded.moduleCalls.push({ file, block });
          break;
        case 'resource':
          if (first !== undefined && second !== undefined && !loaded.resources.has(`${first}.${second}`)) {
            loaded.resources.set(`${first}.${second}`, { file, block });
          }
          break;
        case 'data':
          if (first !== undefined && second !== undefined && !loaded.dataSources.has(`${first}.${second}`)) {
            loaded.dataSources.set(`${first}.${second}`, { file, block });
          }
          break;
        default:
          break;
      }
    }
  }
  return loaded;
}

/** Finds an attribute of a block by name. */
export function findAttribute(block: HclBlockPosition, name: string): HclAttributePosition | undefined {
  return block.attributes.find((attribute) => attribute.name === name);
}
