import type { HclAttributePosition, HclBlockPosition } from './position-index.js';
import { readTerraformFile, validateTerraformFile, type TerraformFile } from './terraform-file.js';

/** One `include` block of a Terragrunt configuration. */
export interface TerragruntInclude {
  /** The label (`include "root"`), absent for the unlabelled form (`include { … }`). */
  name?: string;
  block: HclBlockPosition;
  /** `path = …`: where the included configuration is. */
  path?: HclAttributePosition;
  /** `merge_strategy = …`: how its settings merge into the including configuration. */
  mergeStrategy?: HclAttributePosition;
}

/**
 * A `terragrunt.hcl` (or a configuration it includes, such as `root.hcl`) with the parts that decide what a
 * deployment applies: its includes, `terraform { source }`, `inputs` and `locals`.
 */
export interface TerragruntConfig {
  file: TerraformFile;
  includes: TerragruntInclude[];
  /** The `terraform` block, which names the module the deployment applies. */
  terraformBlock?: HclBlockPosition;
  /** `terraform { source = … }`. */
  source?: HclAttributePosition;
  /** `inputs = { … }`. */
  inputs?: HclAttributePosition;
  /** The attributes of the `locals` blocks by name (the first wins, as Terragrunt rejects duplicates). */
  locals: Map<string, HclAttributePosition>;
  /** A `generate` block whose `contents` write provider `default_tags`, which the module's own files then lack. */
  generatedDefaultTags?: HclBlockPosition;
}

/**
 * Reads a Terragrunt configuration, which is HCL: the whole file is checked by HashiCorp's parser (these files are
 * small, and a syntax error could hide an `include` or an input). Throws `TerraformSyntaxError` with the position.
 */
export async function readTerragruntConfig(path: string, text: string): Promise<TerragruntConfig> {
  const file = readTerraformFile(path, text);
  const syntaxError = await validateTerraformFile(file);
  if (syntaxError) throw syntaxError;
  const config: TerragruntConfig = { file, includes: [], locals: new Map() };
  for (const attribute of file.body.attributes) {
    if (attribute.name === 'inputs') config.inputs ??= attribute;
  }
  for (const block of file.body.blocks) {
    switch (block.type) {
      case 'include':
        config.includes.push(includeOf(block));
        break;
      case 'terraform': {
        // Terragrunt allows one `terraform` block; the one with the source names the module.
        const source = attributeNamed(block, 'source');
        if (!config.source && source) {
          config.source = source;
          config.terraformBlock = block;
        } else if (!config.terraformBlock) {
          config.terraformBlock = block;
        }
        break;
      }
      case 'locals':
        for (const attribute of block.attributes) if (!config.locals.has(attribute.name)) config.locals.set(attribute.name, attribute);
        break;
      case 'generate':
        if (attributeNamed(block, 'contents')?.valueText.includes('default_tags')) config.generatedDefaultTags ??= block;
        break;
      default:
        break;
    }
  }
  return config;
}

function includeOf(block: HclBlockPosition): TerragruntInclude {
  const include: TerragruntInclude = { block };
  const [name] = block.labels;
  const includePath = attributeNamed(block, 'path');
  const mergeStrategy = attributeNamed(block, 'merge_strategy');
  if (name !== undefined) include.name = name;
  if (includePath) include.path = includePath;
  if (mergeStrategy) include.mergeStrategy = mergeStrategy;
  return include;
}

function attributeNamed(block: HclBlockPosition, name: string): HclAttributePosition | undefined {
  return block.attributes.find((attribute) => attribute.name === name);
}
