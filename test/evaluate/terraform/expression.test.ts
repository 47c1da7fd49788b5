import { describe, expect, it } from 'vitest';
import { applySteps, evaluateExpression, type ReferenceResolver } from '../../../src/evaluate/terraform/expression.js';
import { known, toPlain, unknown, type Value } from '../../../src/model/value.js';
import { readTerraformFile } from '../../../src/parsers/terraform/terraform-file.js';

/** Evaluates the value of `value = <expression>` written on line 1 of a file, with the given variables. */
async function evaluate(expression: string, variables: Record<string, Value> = {}): Promise<{ value: Value; column: (value: Value) => number | undefined }> {
  const file = readTerraformFile('/virtual/main.tf', `value = ${expression}\n`);
  const attribute = file.body.attributes[0];
  if (!attribute) throw new Error('no attribute indexed');
  const resolver: ReferenceResolver = {
    resolve: (root, steps, origin) => {
      const [first, ...rest] = steps;
      if (root === 'var' && first?.kind === 'attribute') {
        const supplied = variables[first.name];
        return Promise.resolve(supplied ? applySteps(supplied, rest) : unknown(`var.${first.name} has no value`, undefined, [origin]));
      }
      if (root === 'terraform') return Promise.resolve(known('prod'));
      return Promise.resolve(unknown(`${origin.label ?? root} is not known in this test`, undefined, [origin]));
    },
  };
  const value = await evaluateExpression({ file, startOffset: attribute.valueRange.start.offset, text: attribute.valueText }, resolver);
  return { value, column: (result) => result.source?.range.start.column };
}

async function plain(expression: string, variables: Record<string, Value> = {}): Promise<unknown> {
  const { value } = await evaluate(expression, variables);
  if (!value.known) throw new Error(`unknown: ${value.reason}`);
  return toPlain(value);
}

describe('Terraform expression evaluation', () => {
  it('keeps the position of a string literal as the value source', async () => {
    const { value, column } = await evaluate('"SINGLE_INSTANCE"');
    expect(toPlain(value)).toBe('SINGLE_INSTANCE');
    expect(column(value)).toBe(10);
    expect(value.source?.range.start.line).toBe(1);
  });

  it('evaluates conditionals and keeps the chosen branch literal as the source', async () => {
    const { value, column } = await evaluate('var.env == "prod" ? "ACTIVE_STANDBY_MULTI_AZ" : "SINGLE_INSTANCE"', { env: known('dev') });
    expect(toPlain(value)).toBe('SINGLE_INSTANCE');
    expect(column(value)).toBe(58);
  });

  it('returns unknown with the reason when a conditional depends on an unset variable', async () => {
    const { value } = await evaluate('var.env == "prod" ? "ACTIVE_STANDBY_MULTI_AZ" : "SINGLE_INSTANCE"');
    expect(value.known).toBe(false);
    expect(value.known ? '' : value.reason).toContain('var.env has no value');
  });

  it('is known when both branches agree, even with an unknown condition', async () => {
    expect(await plain('var.unset ? "SINGLE_INSTANCE" : "SINGLE_INSTANCE"')).toBe('SINGLE_INSTANCE');
  });

  it('interpolates templates and unwraps a lone interpolation', async () => {
    expect(await plain('"${var.env}-broker"', { env: known('prod') })).toBe('prod-broker');
    expect(await plain('"${var.count}"', { count: known(2) })).toBe(2);
    expect(await plain('"%{if var.ha}ACTIVE_STANDBY_MULTI_AZ%{else}SINGLE_INSTANCE%{endif}"', { ha: known(false) })).toBe('SINGLE_INSTANCE');
  });

  it('evaluates comparison, boolean and arithmetic operators', async () => {
    expect(await plain('var.n >= 2 && !var.off || false', { n: known(3), off: known(false) })).toBe(true);
    expect(await plain('var.n * 2 + 1', { n: known(3) })).toBe(7);
    expect(await plain('false && var.unset')).toBe(false);
    expect(await plain('"a" != "b"')).toBe(true);
  });

  it('calls the common functions', async () => {
    expect(await plain('upper(lower("Single_Instance"))')).toBe('SINGLE_INSTANCE');
    expect(await plain('lookup({ prod = "A", dev = "B" }, terraform.workspace, "C")')).toBe('A');
    expect(await plain('lookup({ dev = "B" }, "qa", "C")')).toBe('C');
    expect(await plain('coalesce("", null, "x")')).toBe('x');
    expect(await plain('contains(["a", "b"], "b")')).toBe(true);
    expect(await plain('length(["a", "b", "c"])')).toBe(3);
    expect(await plain('merge({ a = 1 }, { b = 2 })')).toEqual({ a: 1, b: 2 });
    expect(await plain('concat(["a"], ["b"])')).toEqual(['a', 'b']);
    expect(await plain('element(["a", "b"], 3)')).toBe('b');
    expect(await plain('tostring(12)')).toBe('12');
    expect(await plain('format("%s-%d", "a", 7)')).toBe('a-7');
    expect(await plain('join(",", ["a", "b"])')).toBe('a,b');
    expect(await plain('try(var.missing.attr, "fallback")', { missing: known({}) })).toBe('fallback');
    expect(await plain('can(var.m.x)', { m: known({}) })).toBe(false);
  });

  it('reports an unsupported function as unknown, naming it', async () => {
    const { value } = await evaluate('timestamp()');
    expect(value.known ? '' : value.reason).toBe('function timestamp() is not evaluated by iac-mq-lint');
  });

  it('indexes maps and lists, and follows the source of the element', async () => {
    const modes = known({ prod: known('ACTIVE_STANDBY_MULTI_AZ'), dev: known('SINGLE_INSTANCE') });
    expect(await plain('var.modes[terraform.workspace]', { modes })).toBe('ACTIVE_STANDBY_MULTI_AZ');
    expect(await plain('var.modes["dev"]', { modes })).toBe('SINGLE_INSTANCE');
    const { value, column } = await evaluate('{ prod = "SINGLE_INSTANCE" }[terraform.workspace]');
    expect(toPlain(value)).toBe('SINGLE_INSTANCE');
    expect(column(value)).toBe(19);
  });

  it('evaluates for expressions and splats', async () => {
    expect(await plain('[for s in ["a", "b"] : upper(s)]')).toEqual(['A', 'B']);
    expect(await plain('{ for k, v in { a = 1, b = 2 } : k => v * 10 if v > 1 }')).toEqual({ b: 20 });
    expect(await plain('var.subnets[*].id', { subnets: known([known({ id: known('s-1') }), known({ id: known('s-2') })]) })).toEqual(['s-1', 's-2']);
  });

  it('treats a missing map key as a Terraform error that becomes an unknown', async () => {
    const { value } = await evaluate('var.m["absent"]', { m: known({}) });
    expect(value.known ? '' : value.reason).toContain('no attribute "absent"');
  });

  it('maps UTF-8 byte offsets to character columns', async () => {
    const { value, column } = await evaluate('{ "Équipe" = "ü", mode = "SINGLE_INSTANCE" }["mode"]');
    expect(toPlain(value)).toBe('SINGLE_INSTANCE');
    expect(column(value)).toBe(35);
  });

  it('refuses input nested too deeply for hcl2json instead of handing it over', async () => {
    expect(() => readTerraformFile('/virtual/deep.tf', `value = ${'['.repeat(600)}${']'.repeat(600)}\n`)).toThrow(
      'nests brackets more than 500 deep',
    );
    const file = readTerraformFile('/virtual/deep.tf.json', `{"locals": {"deep": ${'['.repeat(600)}${']'.repeat(600)}}}`);
    const deep = file.body.blocks[0]?.attributes[0];
    if (!deep) throw new Error('locals not indexed');
    const resolver: ReferenceResolver = { resolve: () => Promise.resolve(unknown('no references here')) };
    const value = await evaluateExpression({ file, startOffset: deep.valueRange.start.offset, text: deep.valueText }, resolver);
    expect(value.known ? '' : value.reason).toBe('the expression nests too deeply to evaluate');
  });

  it('decodes a .tf.json string before reading it as a template', async () => {
    const file = readTerraformFile('/virtual/main.tf.json', '{"locals": {"mode": "${lower(\\"SINGLE_INSTANCE\\")}", "plain": "${upper(\\"x\\")}\\n"}}');
    const [mode, plainAttribute] = file.body.blocks[0]?.attributes ?? [];
    if (!mode || !plainAttribute) throw new Error('locals not indexed');
    const resolver: ReferenceResolver = { resolve: () => Promise.resolve(unknown('no references here')) };
    const value = await evaluateExpression({ file, startOffset: mode.valueRange.start.offset, text: mode.valueText }, resolver);
    expect(toPlain(value)).toBe('single_instance');
    expect(value.source?.range.start.column).toBe(mode.valueRange.start.column);
    const withNewline = await evaluateExpression({ file, startOffset: plainAttribute.valueRange.start.offset, text: plainAttribute.valueText }, resolver);
    expect(toPlain(withNewline)).toBe('X\n');
  });

  it('indexes computed values', async () => {
    expect(await plain('split(",", "a,b")[1]')).toBe('b');
    expect(await plain('["x", "y"][0]')).toBe('x');
  });
});
