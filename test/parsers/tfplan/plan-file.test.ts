import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { InputFileError } from '../../../src/model/finding.js';
import type { SourceRange } from '../../../src/model/source.js';
import {
  detectTerraformJson,
  locateJsonKey,
  locateResourceObject,
  readTerraformJson,
  TerraformJsonError,
  type TerraformJsonFile,
  type TerraformJsonSection,
} from '../../../src/parsers/tfplan/plan-file.js';
import { PLAN_TEXT, STATE_TEXT } from './sample-documents.js';

const PLAN_PATH = '/work/plans/tfplan.json';
/**
 * A guard against quadratic behaviour on a plan of a large estate, not a benchmark (`npm run bench` measures
 * speed): typical runs take 0.8–2.4 s on the 2-core machine while other test files run beside it.
 */
const LARGE_PLAN_BUDGET_MS = 15_000;
const LARGE_PLAN_BYTES = 50 * 1024 * 1024;

/** Line and column of a range's start and end: what a report shows. */
function span(range: SourceRange): string {
  return `${range.start.line}:${range.start.column}-${range.end.line}:${range.end.column}`;
}

function located(file: TerraformJsonFile, address: string, section: TerraformJsonSection): { object: string; deploymentMode?: string } | undefined {
  const location = locateResourceObject(file, address, section);
  if (!location) return undefined;
  const result: { object: string; deploymentMode?: string } = { object: span(location.objectStart) };
  if (location.deploymentModeKey) result.deploymentMode = span(location.deploymentModeKey);
  return result;
}

function keyAt(file: TerraformJsonFile, fromOffset: number, key: string): string | undefined {
  const range = locateJsonKey(file, fromOffset, key);
  return range && span(range);
}

function readError(text: string): { message: string; line?: number; column?: number } {
  try {
    readTerraformJson(PLAN_PATH, text);
  } catch (error) {
    expect(error).toBeInstanceOf(TerraformJsonError);
    expect(error).toBeInstanceOf(InputFileError);
    const { message, line, column } = (error as TerraformJsonError).toFileError();
    return line === undefined ? { message } : { message, line, column: column ?? 0 };
  }
  throw new Error('the text was read without an error');
}

describe('detectTerraformJson', () => {
  it('tells plans from states by their top-level members', () => {
    expect(detectTerraformJson(PLAN_TEXT)).toBe('plan');
    expect(detectTerraformJson(STATE_TEXT)).toBe('state');
    expect(detectTerraformJson(`\uFEFF${PLAN_TEXT}`)).toBe('plan');
    expect(detectTerraformJson('{"format_version":"1.0","resource_changes":[]}')).toBe('plan');
  });

  it('leaves out JSON that is neither', () => {
    expect(detectTerraformJson('{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"Broker": {"Type": "AWS::AmazonMQ::Broker"}}}')).toBeUndefined();
    expect(detectTerraformJson('{"format_version": "1.0"}')).toBeUndefined();
    expect(detectTerraformJson('{"values": {"root_module": {}}}')).toBeUndefined();
    expect(detectTerraformJson('[{"format_version": "1.0", "planned_values": {}}]')).toBeUndefined();
    expect(detectTerraformJson('format_version: "1.0"\nplanned_values: {}\n')).toBeUndefined();
  });
});

describe('readTerraformJson', () => {
  it('parses a plan once and keeps its text for positions', () => {
    const file = readTerraformJson(PLAN_PATH, `\uFEFF${PLAN_TEXT}`);
    expect(file.kind).toBe('plan');
    expect(file.path).toBe(PLAN_PATH);
    expect(file.text).toBe(PLAN_TEXT);
    expect(file.document).toStrictEqual(JSON.parse(PLAN_TEXT));
    expect(file.lines.lineText(2)).toBe('  "format_version": "1.2",');
  });

  it('reads a state', () => {
    expect(readTerraformJson('/work/state.json', STATE_TEXT).kind).toBe('state');
  });

  it('reports a truncated plan at the line where it ends', () => {
    const cutBeforeChanges = PLAN_TEXT.slice(0, PLAN_TEXT.indexOf('"resource_changes"'));
    expect(readError(cutBeforeChanges)).toStrictEqual({ message: 'the JSON text ends too early', line: 136, column: 3 });
    const cutInString = PLAN_TEXT.slice(0, PLAN_TEXT.indexOf('STANDBY_MULTI_AZ'));
    expect(readError(cutInString)).toStrictEqual({ message: 'the JSON text ends too early', line: 28, column: 40 });
    expect(readError('')).toStrictEqual({ message: 'the JSON text ends too early', line: 1, column: 1 });
  });

  it('reports invalid JSON where it stops being JSON, including errors V8 gives no position for', () => {
    const missingComma = PLAN_TEXT.replace('"terraform_version": "1.9.5",', '"terraform_version": "1.9.5"');
    expect(readError(missingComma)).toStrictEqual({ message: 'unexpected "\\"" in the JSON text', line: 4, column: 3 });
    // V8: `Unexpected token 'y', ..."pplyable": yes,"... is not valid JSON`, no offset.
    const badLiteral = PLAN_TEXT.replace('"applyable": true', '"applyable": yes');
    expect(readError(badLiteral)).toStrictEqual({ message: 'unexpected "y" in the JSON text', line: 318, column: 16 });
    const badEscape = PLAN_TEXT.replace('"name": "orders"', '"name": "or\\qders"');
    expect(readError(badEscape)).toStrictEqual({ message: 'an invalid escape sequence in a JSON string', line: 19, column: 22 });
    expect(readError(`${PLAN_TEXT}}`)).toStrictEqual({ message: 'unexpected "}" in the JSON text', line: 322, column: 1 });
  });

  it('refuses a format_version other than 1.x at the version', () => {
    expect(readError(PLAN_TEXT.replace('"format_version": "1.2"', '"format_version": "2.0"'))).toStrictEqual({
      message: 'unsupported format_version 2.0: iac-mq-lint reads Terraform JSON format 1.x',
      line: 2,
      column: 21,
    });
    expect(readError(STATE_TEXT.replace('"format_version": "1.0"', '"format_version": 1'))).toStrictEqual({
      message: 'unsupported format_version 1: iac-mq-lint reads Terraform JSON format 1.x',
      line: 2,
      column: 21,
    });
    expect(readError('{"values": {"root_module": {}}}')).toStrictEqual({ message: 'no format_version: iac-mq-lint reads Terraform JSON format 1.x', line: 1, column: 1 });
  });

  it('refuses JSON that is neither a plan nor a state', () => {
    expect(readError('{"format_version": "1.0", "outputs": {}}')).toStrictEqual({
      message: 'not a Terraform plan or state: it has no planned_values, resource_changes or values',
      line: 1,
      column: 1,
    });
  });
});

describe('locateResourceObject', () => {
  const plan = readTerraformJson(PLAN_PATH, PLAN_TEXT);

  it('finds resources in planned_values, in child modules at any depth', () => {
    expect(located(plan, 'aws_mq_broker.orders', 'planned_values')).toStrictEqual({ object: '15:9-15:10', deploymentMode: '28:13-28:30' });
    expect(located(plan, 'module.queue.aws_mq_broker.this[0]', 'planned_values')).toStrictEqual({ object: '76:13-76:14', deploymentMode: '87:17-87:34' });
    expect(located(plan, 'module.queue.module.replica.aws_mq_broker.this["blue"]', 'planned_values')).toStrictEqual({
      object: '102:17-102:18',
      deploymentMode: '112:21-112:38',
    });
  });

  it('finds the deployment_mode key only among the attribute values', () => {
    // The security group's description mentions deployment_mode and one of its tags is named so.
    expect(located(plan, 'aws_security_group.mq', 'planned_values')).toStrictEqual({ object: '51:9-51:10' });
  });

  it('finds resources in resource_changes, not in resource_drift before it nor a deposed object after it', () => {
    expect(located(plan, 'aws_mq_broker.orders', 'resource_changes')).toStrictEqual({ object: '159:5-159:6', deploymentMode: '169:11-169:28' });
    expect(located(plan, 'aws_mq_broker.legacy', 'resource_changes')).toStrictEqual({ object: '137:5-137:6', deploymentMode: '147:11-147:28' });
    // A create has no `before`: the key is the one in `after`.
    expect(located(plan, 'module.queue.aws_mq_broker.this[0]', 'resource_changes')).toStrictEqual({ object: '208:5-208:6', deploymentMode: '222:11-222:28' });
    expect(located(plan, 'module.queue.module.replica.aws_mq_broker.this["blue"]', 'resource_changes')).toStrictEqual({
      object: '232:5-232:6',
      deploymentMode: '242:52-242:69',
    });
  });

  it('stays inside the section it is asked about', () => {
    // legacy is in resource_changes and prior_state only; the configuration names orders without an instance.
    expect(located(plan, 'aws_mq_broker.legacy', 'planned_values')).toBeUndefined();
    expect(located(plan, 'aws_mq_broker.this', 'planned_values')).toBeUndefined();
    expect(located(plan, 'aws_mq_broker.orders', 'values')).toBeUndefined();
    expect(located(plan, 'aws_mq_broker.missing', 'resource_changes')).toBeUndefined();
  });

  it('finds resources in a state', () => {
    const state = readTerraformJson('/work/state.json', STATE_TEXT);
    expect(located(state, 'aws_mq_broker.orders', 'values')).toStrictEqual({ object: '8:9-8:10', deploymentMode: '18:13-18:30' });
    expect(located(state, 'module.queue.aws_mq_broker.this[0]', 'values')).toStrictEqual({ object: '32:13-32:14', deploymentMode: '40:53-40:70' });
  });

  it('finds resources in compact output, as terraform show -json prints it (one line)', () => {
    const compact = JSON.stringify(JSON.parse(PLAN_TEXT));
    const file = readTerraformJson(PLAN_PATH, compact);
    const object = compact.indexOf('{"address":"module.queue.module.replica.aws_mq_broker.this[\\"blue\\"]"');
    const key = compact.indexOf('"deployment_mode"', object);
    expect(object).toBeGreaterThan(0);
    expect(located(file, 'module.queue.module.replica.aws_mq_broker.this["blue"]', 'planned_values')).toStrictEqual({
      object: `1:${object + 1}-1:${object + 2}`,
      deploymentMode: `1:${key + 1}-1:${key + 18}`,
    });
  });

  it('matches addresses however Terraform escaped them (its encoder writes & as \\u0026)', () => {
    const text = [
      '{"format_version": "1.0", "values": {"root_module": {"resources": [',
      '  {"address": "aws_mq_broker.b[\\"a\\u0026b\\"]", "mode": "managed", "type": "aws_mq_broker", "values": {"deployment_mode": "SINGLE_INSTANCE"}}',
      ']}}}',
    ].join('\n');
    const file = readTerraformJson('/work/state.json', text);
    expect(located(file, 'aws_mq_broker.b["a&b"]', 'values')).toStrictEqual({ object: '2:3-2:4', deploymentMode: '2:103-2:120' });
  });
});

describe('locateJsonKey', () => {
  const plan = readTerraformJson(PLAN_PATH, PLAN_TEXT);

  it('finds the next member with a key, skipping strings that are values', () => {
    expect(keyAt(plan, 0, 'format_version')).toBe('2:3-2:19');
    expect(keyAt(plan, PLAN_TEXT.indexOf('"terraform_version"'), 'format_version')).toBe('251:5-251:21');
    // `"replace_paths": [["deployment_mode"]]` names the attribute as a value.
    expect(keyAt(plan, PLAN_TEXT.indexOf('"replace_paths"'), 'deployment_mode')).toBe('193:46-193:63');
    expect(locateJsonKey(plan, 0, 'no_such_key')).toBeUndefined();
  });
});

describe('a 50 MB plan', () => {
  it(`is read and its brokers located in under ${LARGE_PLAN_BUDGET_MS} ms`, { timeout: 60_000 }, () => {
    const { text, brokerAddresses } = largePlan(LARGE_PLAN_BYTES);
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    expect(detectTerraformJson(text)).toBe('plan');
    const file = readTerraformJson(PLAN_PATH, text);
    const parsed = performance.now();
    const locations = brokerAddresses.map((address) => [
      locateResourceObject(file, address, 'planned_values'),
      locateResourceObject(file, address, 'resource_changes'),
    ]);
    const finished = performance.now();
    const heapMegabytes = Math.round((process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024);
    console.log(
      `50 MB plan (${(text.length / 1024 / 1024).toFixed(1)} MB, ${file.lines.lineCount} lines): detect + read ${Math.round(parsed - started)} ms, ` +
        `locate ${brokerAddresses.length} brokers in two sections ${Math.round(finished - parsed)} ms, heap +${heapMegabytes} MB`,
    );
    expect(finished - started).toBeLessThan(LARGE_PLAN_BUDGET_MS);
    for (const [planned, changed] of locations) {
      expect(planned?.deploymentModeKey).toBeDefined();
      expect(changed?.deploymentModeKey).toBeDefined();
    }
    const last = brokerAddresses.at(-1) ?? '';
    const object = text.indexOf(`"address": ${JSON.stringify(last)}`);
    // The object's `{` is on the line before its address.
    expect(locations.at(-1)?.[0]?.objectStart.start.line).toBe(lineOf(text, object) - 1);
  });
});

/** The 1-based line of an offset, counted without splitting a large text into lines. */
function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let newline = text.indexOf('\n'); newline !== -1 && newline < offset; newline = text.indexOf('\n', newline + 1)) line++;
  return line;
}

/**
 * A plan shaped like a large estate's: thousands of instances with many attributes in planned_values,
 * resource_changes and prior_state, pretty-printed, with brokers in modules at the very end of each section.
 */
function largePlan(targetLength: number): { text: string; brokerAddresses: string[] } {
  const instance = (index: number): Record<string, unknown> => ({
    address: `module.fleet.aws_instance.worker[${index}]`,
    mode: 'managed',
    type: 'aws_instance',
    name: 'worker',
    index,
    provider_name: 'registry.terraform.io/hashicorp/aws',
    schema_version: 1,
    values: {
      ami: `ami-${index.toString(16).padStart(12, '0')}`,
      instance_type: 'm5.large',
      subnet_id: `subnet-${index % 7}`,
      vpc_security_group_ids: [`sg-${index % 3}`, 'sg-shared'],
      user_data: 'IyEvYmluL2Jhc2gKZWNobyAie1wiYWRkcmVzc1wiOiB9IiA+IC90bXAveA==',
      root_block_device: [{ delete_on_termination: true, encrypted: true, volume_size: 50, volume_type: 'gp3', tags: { Name: `worker-${index}` } }],
      tags: { Name: `worker-${index}`, Role: 'worker', Note: 'braces { and } and "quotes" in a string' },
      tags_all: { ManagedBy: 'terraform', Name: `worker-${index}`, Role: 'worker' },
      metadata_options: [{ http_endpoint: 'enabled', http_put_response_hop_limit: 1, http_tokens: 'required' }],
      credit_specification: [],
      ebs_block_device: [],
      monitoring: true,
    },
    sensitive_values: { root_block_device: [{ tags: {} }], tags: {}, tags_all: {}, vpc_security_group_ids: [false, false] },
  });
  const broker = (address: string): Record<string, unknown> => ({
    address,
    mode: 'managed',
    type: 'aws_mq_broker',
    name: 'this',
    index: 0,
    provider_name: 'registry.terraform.io/hashicorp/aws',
    values: { broker_name: address, deployment_mode: 'SINGLE_INSTANCE', engine_type: 'ActiveMQ', tags_all: { ManagedBy: 'terraform' } },
    sensitive_values: {},
  });
  const change = (resource: Record<string, unknown>): Record<string, unknown> => ({
    address: resource['address'],
    mode: resource['mode'],
    type: resource['type'],
    name: resource['name'],
    index: resource['index'],
    provider_name: resource['provider_name'],
    change: { actions: ['no-op'], before: resource['values'], after: resource['values'], after_unknown: {}, before_sensitive: {}, after_sensitive: {} },
  });
  const pretty = (value: unknown): string => JSON.stringify(value, null, 2);
  const brokerAddresses = Array.from({ length: 20 }, (_, index) => `module.queues[${index}].aws_mq_broker.this[0]`);
  const brokers = brokerAddresses.map(broker);
  const instances: string[] = [];
  const changes: string[] = [];
  const prior: string[] = [];
  let length = 0;
  for (let index = 0; length < targetLength; index++) {
    const resource = instance(index);
    const parts = [pretty(resource), pretty(change(resource)), pretty(resource)];
    instances.push(parts[0] ?? '');
    changes.push(parts[1] ?? '');
    prior.push(parts[2] ?? '');
    length += parts.reduce((total, part) => total + part.length, 0);
  }
  const text = [
    '{\n  "format_version": "1.2",\n  "terraform_version": "1.9.5",\n  "variables": {"environment": {"value": "production"}},\n',
    '  "planned_values": {"root_module": {"child_modules": [\n{"address": "module.fleet", "resources": [\n',
    instances.join(',\n'),
    ']},\n{"address": "module.queues", "resources": [\n',
    brokers.map(pretty).join(',\n'),
    ']}]}},\n  "resource_changes": [\n',
    changes.join(',\n'),
    ',\n',
    brokers.map((item) => pretty(change(item))).join(',\n'),
    '],\n  "prior_state": {"format_version": "1.0", "values": {"root_module": {"resources": [\n',
    prior.join(',\n'),
    ']}}}\n}\n',
  ].join('');
  return { text, brokerAddresses };
}
