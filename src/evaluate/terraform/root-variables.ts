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

/** Evaluates one assignment of a `.tfvars` file, marking the value as coming from that file. */
async function evaluateAssignment(file: TerraformFile, attribute: TerraformFile['body']['attributes'][number]): Promise<Value> {
  const value = await evaluateExpression({ file, startOffset: attribute.valueRange.start.offset, text: attribute.valueText }, NO_REFERENCES);
  const origin = attributeOrigin(file, attribute, 'tfvars', `${attribute.name} in ${file.path}`);
  const source = value.source ? { ...value.source, role: 'tfvars' as const } : origin;
  return { ...value, source, trail: value.trail };
}

/** Memoizes a value computation, so that an input read by many expressions is evaluated once. */
function once(compute: () => Promise<Value>): VariableInput {
  let pending: Promise<Value> | undefined;
  return () => (pending ??= compute());
}

/**
 * Builds a root module's inputs in Terraform's precedence, lowest first: values already evaluated elsewhere
 * (Terragrunt's `inputs`, which Terragrunt passes as `TF_VAR_*` only where the environment sets none), `TF_VAR_*`,
 * `terraform.tfvars`, `*.auto.tfvars` in lexical order, then `--var-file` and `--var` (later wins). A var file's
 * assignment is evaluated only when the configuration reads it: var files shared by many roots hold large
 * values (DNS records, CIDR maps) that no broker depends on.
 */
export async function buildRootInputs(
  module: LoadedModule,
  environmentVariables: TextVariable[],
  variableFiles: TerraformFile[],
  commandLineVariables: TextVariable[],
  evaluatedValues: ReadonlyMap<string, Value> = new Map(),
): Promise<Map<string, VariableInput>> {
  const inputs = new Map<string, VariableInput>();
  for (const [name, value] of evaluatedValues) inputs.set(name, () => Promise.resolve(value));
  for (const variable of environmentVariables) {
    const value = convertTextVariable(module, variable);
    inputs.set(variable.name, () => Promise.resolve(value));
  }
  for (const file of variableFiles) {
    for (const attribute of file.body.attributes) inputs.set(attribute.name, once(() => evaluateAssignment(file, attribute)));
  }
  for (const variable of commandLineVariables) {
    const value = convertTextVariable(module, variable);
    inputs.set(variable.name, () => Promise.resolve(value));
  }
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
