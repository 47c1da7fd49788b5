import type { TerraformFile } from '../../parsers/terraform/terraform-file.js';
import { known, unknown, type Value } from '../../model/value.js';
import { evaluateExpression, type ReferenceResolver } from './expression.js';
import { findAttribute, type LoadedModule } from './loaded-module.js';
import { attributeOrigin, blockOrigin, type VariableInput } from './module-instance.js';

/** A variable value given outside any file: `--var NAME=VALUE` or `TF_VAR_NAME`. */
export interface TextVariable {
  name: string;
  value: string;
  /** How the user set it, for messages: `--var mode=…`, `TF_VAR_mode`. */
  label: string;
}

/** Variable files may hold only literal values: any reference in them is an error in Terraform. */
const NO_REFERENCES: ReferenceResolver = {
  resolve: (root, _steps, origin) =>
    Promise.resolve(unknown(`${origin.label ?? root} cannot be used in a variable file`, undefined, [origin])),
};

/** Evaluates every assignment of a `.tfvars` file, marking each value as coming from that file. */
async function evaluateVariableFile(file: TerraformFile): Promise<Map<string, Value>> {
  const values = new Map<string, Value>();
  for (const attribute of file.body.attributes) {
    const value = await evaluateExpression(
      { file, startOffset: attribute.valueRange.start.offset, text: attribute.valueText },
      NO_REFERENCES,
    );
    const origin = attributeOrigin(file, attribute, 'tfvars', `${attribute.name} in ${file.path}`);
    const source = value.source ? { ...value.source, role: 'tfvars' as const } : origin;
    values.set(attribute.name, { ...value, source, trail: value.trail });
  }
  return values;
}

/**
 * Builds a root module's inputs in Terraform's precedence, lowest first: values already evaluated elsewhere
 * (Terragrunt's `inputs`, which Terragrunt passes as `TF_VAR_*` only where the environment sets none), `TF_VAR_*`,
 * `terraform.tfvars`, `*.auto.tfvars` in lexical order, then `--var-file` and `--var` (later wins).
 */
export async function buildRootInputs(
  module: LoadedModule,
  environmentVariables: TextVariable[],
  variableFiles: TerraformFile[],
  commandLineVariables: TextVariable[],
  evaluatedValues: ReadonlyMap<string, Value> = new Map(),
): Promise<Map<string, VariableInput>> {
  const values = new Map<string, Value>(evaluatedValues);
  for (const variable of environmentVariables) {
    values.set(variable.name, convertTextVariable(module, variable));
  }
  for (const file of variableFiles) {
    for (const [name, value] of await evaluateVariableFile(file)) values.set(name, value);
  }
  for (const variable of commandLineVariables) {
    values.set(variable.name, convertTextVariable(module, variable));
  }
  const inputs = new Map<string, VariableInput>();
  for (const [name, value] of values) inputs.set(name, () => Promise.resolve(value));
  return inputs;
}

/** Terraform reads text variables as strings unless the declared type is a collection, number or bool. */
function convertTextVariable(module: LoadedModule, variable: TextVariable): Value {
  const declaration = module.variables.get(variable.name);
  const typeText = declaration ? findAttribute(declaration.block, 'type')?.valueText.replace(/\s+/g, '') : undefined;
  const trail = declaration ? [{ ...blockOrigin(declaration.file, declaration.block, 'variable-declaration'), label: variable.label }] : [];
  if (typeText === 'number') {
    const parsed = Number(variable.value);
    return Number.isNaN(parsed) ? unknown(`${variable.label} is not a number`, undefined, trail) : known(parsed, undefined, trail);
  }
  if (typeText === 'bool') {
    if (variable.value === 'true' || variable.value === 'false') return known(variable.value === 'true', undefined, trail);
    return unknown(`${variable.label} is not a bool`, undefined, trail);
  }
  if (typeText && /^(list|set|map|object|tuple)\(/.test(typeText)) {
    return unknown(`${variable.label} sets a ${typeText} value, which iac-mq-lint does not read from text`, undefined, trail);
  }
  return known(variable.value, undefined, trail);
}
