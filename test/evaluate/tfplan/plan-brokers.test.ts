import { describe, expect, it } from 'vitest';
import { brokersFromTerraformJson } from '../../../src/evaluate/tfplan/plan-brokers.js';
import type { Resource } from '../../../src/model/resource.js';
import type { SourceLocation } from '../../../src/model/source.js';
import { firstUnknown, toPlain, type Value } from '../../../src/model/value.js';
import { readTerraformJson } from '../../../src/parsers/tfplan/plan-file.js';
import { PLAN_TEXT, STATE_TEXT } from '../../parsers/tfplan/sample-documents.js';

const PLAN_PATH = '/work/live/tfplan.json';
const STATE_PATH = '/work/live/state.json';

/** A location as a report shows it. */
function at(location: SourceLocation | undefined): string | undefined {
  return location && `${location.file}:${location.range.start.line}:${location.range.start.column}-${location.range.end.line}:${location.range.end.column}`;
}

/** An attribute value as plain data, or `unknown: <reason>`. */
function shown(value: Value): unknown {
  return value.known ? toPlain(value) : `unknown: ${firstUnknown(value)?.reason}`;
}

/** The normalized attributes of a resource: argument path and plain value. */
function attributesOf(resource: Resource | undefined): Record<string, { path: string; value: unknown }> {
  return Object.fromEntries(
    Object.entries(resource?.attributes ?? {}).map(([name, attribute]) => [name, { path: attribute.path, value: shown(attribute.value) }]),
  );
}

function plan(text = PLAN_TEXT): ReturnType<typeof brokersFromTerraformJson> {
  return brokersFromTerraformJson(readTerraformJson(PLAN_PATH, text), PLAN_PATH);
}

function byAddress(resources: Resource[], address: string): Resource {
  const resource = resources.find((candidate) => candidate.address === address);
  if (!resource) throw new Error(`no resource ${address}`);
  return resource;
}

describe('brokersFromTerraformJson on a plan', () => {
  const { resources, notices } = plan();

  it('reads every managed broker of planned_values, in modules at any depth, then the brokers the plan deletes', () => {
    expect(resources.map((resource) => resource.address)).toStrictEqual([
      'aws_mq_broker.orders',
      'module.queue.aws_mq_broker.this[0]',
      'module.queue.module.replica.aws_mq_broker.this["blue"]',
      'aws_mq_broker.legacy',
    ]);
    expect(notices).toStrictEqual([]);
    for (const resource of resources) {
      expect(resource).toMatchObject({ root: PLAN_PATH, kind: 'amazonmq.broker', sourceType: 'aws_mq_broker', format: 'terraform-plan', moduleCalls: [], references: [] });
    }
  });

  it('takes final values from planned_values: tags_all with the default tags, upper-cased modes, no defaults of its own', () => {
    const orders = byAddress(resources, 'aws_mq_broker.orders');
    expect(attributesOf(orders)).toStrictEqual({
      broker_name: { path: 'broker_name', value: 'orders' },
      engine: { path: 'engine_type', value: 'ACTIVEMQ' },
      engine_version: { path: 'engine_version', value: '5.18' },
      deployment_mode: { path: 'deployment_mode', value: 'ACTIVE_STANDBY_MULTI_AZ' },
      host_instance_type: { path: 'host_instance_type', value: 'mq.m5.large' },
      storage_type: { path: 'storage_type', value: 'EFS' },
      subnet_ids: { path: 'subnet_ids', value: ['subnet-0a', 'subnet-0b'] },
      security_groups: { path: 'security_groups', value: ['sg-0123'] },
      publicly_accessible: { path: 'publicly_accessible', value: false },
      auto_minor_version_upgrade: { path: 'auto_minor_version_upgrade', value: true },
      tags: { path: 'tags_all', value: { ManagedBy: 'terraform', Name: 'orders' } },
      effective_tags: { path: 'tags_all', value: { ManagedBy: 'terraform', Name: 'orders' } },
    });
    expect(Object.values(orders.attributes).every((attribute) => !attribute.defaulted)).toBe(true);
  });

  it('locates the resource in planned_values and its deployment_mode at the key', () => {
    const orders = byAddress(resources, 'aws_mq_broker.orders');
    expect(at(orders.location)).toBe(`${PLAN_PATH}:15:9-15:10`);
    const mode = orders.attributes.deployment_mode?.value;
    expect(mode?.source?.role).toBe('literal');
    expect(at(mode?.source)).toBe(`${PLAN_PATH}:28:13-28:30`);
    expect(mode?.trail).toStrictEqual([]);
    // Only deployment_mode is located, to keep a large plan cheap.
    expect(orders.attributes.engine?.value.source).toBeUndefined();
  });

  it('gives the replacement from resource_changes, skipping the deposed object', () => {
    const orders = byAddress(resources, 'aws_mq_broker.orders');
    const { location, ...change } = orders.change ?? { location: undefined };
    expect(change).toStrictEqual({ actions: ['delete', 'create'], replacePaths: [['deployment_mode']], actionReason: 'replace_because_cannot_update' });
    expect(at(location)).toBe(`${PLAN_PATH}:159:5-159:6`);
  });

  it('keeps the plan variables on each broker as known values', () => {
    for (const resource of resources) {
      expect(Object.fromEntries(Object.entries(resource.variables ?? {}).map(([name, value]) => [name, shown(value)]))).toStrictEqual({
        environment: 'production',
        broker_subnets: ['subnet-0a', 'subnet-0b'],
      });
    }
  });

  it('marks attributes after_unknown names as known only after apply, lists with one unknown member included', () => {
    const queue = byAddress(resources, 'module.queue.aws_mq_broker.this[0]');
    expect(attributesOf(queue)).toStrictEqual({
      broker_name: { path: 'broker_name', value: 'queue-0' },
      engine: { path: 'engine_type', value: 'RABBITMQ' },
      engine_version: { path: 'engine_version', value: '3.13' },
      deployment_mode: { path: 'deployment_mode', value: 'SINGLE_INSTANCE' },
      host_instance_type: { path: 'host_instance_type', value: 'mq.t3.micro' },
      subnet_ids: { path: 'subnet_ids', value: 'unknown: known only after apply' },
      security_groups: { path: 'security_groups', value: 'unknown: known only after apply' },
      publicly_accessible: { path: 'publicly_accessible', value: false },
      auto_minor_version_upgrade: { path: 'auto_minor_version_upgrade', value: false },
      // tags is null, and tags_all (with the default tags) is known only after apply.
      tags: { path: 'tags_all', value: 'unknown: known only after apply' },
      effective_tags: { path: 'tags_all', value: 'unknown: known only after apply' },
    });
    expect(at(queue.location)).toBe(`${PLAN_PATH}:76:13-76:14`);
    expect(at(queue.attributes.deployment_mode?.value.source)).toBe(`${PLAN_PATH}:87:17-87:34`);
    const { location, ...change } = queue.change ?? { location: undefined };
    expect(change).toStrictEqual({ actions: ['create'], replacePaths: [] });
    expect(at(location)).toBe(`${PLAN_PATH}:208:5-208:6`);
  });

  it('reads a for_each broker in a nested child module', () => {
    const blue = byAddress(resources, 'module.queue.module.replica.aws_mq_broker.this["blue"]');
    expect(attributesOf(blue)).toStrictEqual({
      broker_name: { path: 'broker_name', value: 'replica-blue' },
      engine: { path: 'engine_type', value: 'RABBITMQ' },
      deployment_mode: { path: 'deployment_mode', value: 'CLUSTER_MULTI_AZ' },
      tags: { path: 'tags_all', value: { Color: 'blue', ManagedBy: 'terraform' } },
      effective_tags: { path: 'tags_all', value: { Color: 'blue', ManagedBy: 'terraform' } },
    });
    expect(at(blue.location)).toBe(`${PLAN_PATH}:102:17-102:18`);
    expect(at(blue.attributes.deployment_mode?.value.source)).toBe(`${PLAN_PATH}:112:21-112:38`);
    expect(blue.change?.actions).toStrictEqual(['no-op']);
    expect(at(blue.change?.location)).toBe(`${PLAN_PATH}:232:5-232:6`);
  });

  it('reads a broker the plan only deletes from the change before it', () => {
    const legacy = byAddress(resources, 'aws_mq_broker.legacy');
    expect(attributesOf(legacy)).toStrictEqual({
      broker_name: { path: 'broker_name', value: 'legacy' },
      engine: { path: 'engine_type', value: 'ACTIVEMQ' },
      deployment_mode: { path: 'deployment_mode', value: 'SINGLE_INSTANCE' },
      tags: { path: 'tags_all', value: { ManagedBy: 'terraform' } },
      effective_tags: { path: 'tags_all', value: { ManagedBy: 'terraform' } },
    });
    expect(at(legacy.location)).toBe(`${PLAN_PATH}:137:5-137:6`);
    expect(at(legacy.attributes.deployment_mode?.value.source)).toBe(`${PLAN_PATH}:147:11-147:28`);
    const { location, ...change } = legacy.change ?? { location: undefined };
    expect(change).toStrictEqual({ actions: ['delete'], replacePaths: [], actionReason: 'delete_because_no_resource_config' });
    expect(at(location)).toBe(`${PLAN_PATH}:137:5-137:6`);
  });
});

describe('brokersFromTerraformJson on a state', () => {
  const { resources, notices } = brokersFromTerraformJson(readTerraformJson(STATE_PATH, STATE_TEXT), STATE_PATH);

  it('reads the brokers of values and child modules, with no change and no variables', () => {
    expect(resources.map((resource) => resource.address)).toStrictEqual(['aws_mq_broker.orders', 'module.queue.aws_mq_broker.this[0]']);
    expect(notices).toStrictEqual([]);
    const orders = byAddress(resources, 'aws_mq_broker.orders');
    expect(attributesOf(orders)).toStrictEqual({
      broker_name: { path: 'broker_name', value: 'orders' },
      engine: { path: 'engine_type', value: 'ACTIVEMQ' },
      deployment_mode: { path: 'deployment_mode', value: 'SINGLE_INSTANCE' },
      subnet_ids: { path: 'subnet_ids', value: ['subnet-0a'] },
      tags: { path: 'tags_all', value: { ManagedBy: 'terraform' } },
      effective_tags: { path: 'tags_all', value: { ManagedBy: 'terraform' } },
    });
    expect(orders).not.toHaveProperty('change');
    expect(orders).not.toHaveProperty('variables');
    expect(orders.format).toBe('terraform-plan');
    expect(at(orders.location)).toBe(`${STATE_PATH}:8:9-8:10`);
    expect(at(orders.attributes.deployment_mode?.value.source)).toBe(`${STATE_PATH}:18:13-18:30`);
    const queue = byAddress(resources, 'module.queue.aws_mq_broker.this[0]');
    expect(at(queue.location)).toBe(`${STATE_PATH}:32:13-32:14`);
    expect(at(queue.attributes.deployment_mode?.value.source)).toBe(`${STATE_PATH}:40:53-40:70`);
  });
});

describe('brokersFromTerraformJson edge cases', () => {
  /** A pretty-printed plan of one root broker with the given values and resource_changes entry (none when undefined). */
  function onePlan(values: Record<string, unknown>, change?: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
    const address = 'aws_mq_broker.solo';
    const resource = { address, mode: 'managed', type: 'aws_mq_broker', name: 'solo', values, sensitive_values: {} };
    const changes = change ? [{ address, mode: 'managed', type: 'aws_mq_broker', name: 'solo', change }] : [];
    return JSON.stringify({ format_version: '1.2', planned_values: { root_module: { resources: [resource] } }, resource_changes: changes, ...extra }, null, 2);
  }

  it('does not default a deployment_mode the plan leaves null or out (the provider already did)', () => {
    const withNull = plan(onePlan({ deployment_mode: null }, { actions: ['create'], after_unknown: {} })).resources[0];
    expect(withNull?.attributes.deployment_mode).toMatchObject({ path: 'deployment_mode', value: { known: true, data: null }, defaulted: false });
    const without = plan(onePlan({ broker_name: 'solo' }, { actions: ['create'], after_unknown: {} })).resources[0];
    expect(Object.keys(without?.attributes ?? {})).toStrictEqual(['broker_name']);
  });

  it('falls back to tags without tags_all', () => {
    const solo = plan(onePlan({ tags: { Name: 'solo' } }, { actions: ['create'], after_unknown: {} })).resources[0];
    expect(attributesOf(solo)).toStrictEqual({ tags: { path: 'tags', value: { Name: 'solo' } }, effective_tags: { path: 'tags_all', value: { Name: 'solo' } } });
  });

  it('reads logs[0].audit: off when the block is empty or the nullable audit unset, unknown when marked so', () => {
    const auditOf = (values: Record<string, unknown>, afterUnknown: Record<string, unknown> = {}) => {
      const attribute = plan(onePlan(values, { actions: ['create'], after_unknown: afterUnknown })).resources[0]?.attributes.audit_logs;
      return attribute && { path: attribute.path, value: shown(attribute.value), defaulted: attribute.defaulted };
    };
    expect(auditOf({ logs: [] })).toStrictEqual({ path: 'logs.0.audit', value: false, defaulted: true });
    expect(auditOf({ logs: [{ general: true }] })).toStrictEqual({ path: 'logs.0.audit', value: false, defaulted: true });
    expect(auditOf({ logs: [{ audit: false, general: true }] })).toStrictEqual({ path: 'logs.0.audit', value: false, defaulted: false });
    expect(auditOf({ logs: [{ audit: true }] })).toStrictEqual({ path: 'logs.0.audit', value: true, defaulted: false });
    // Providers from v3 on make audit a nullable bool, a string in the plan.
    expect(auditOf({ logs: [{ audit: 'true' }] })).toStrictEqual({ path: 'logs.0.audit', value: true, defaulted: false });
    expect(auditOf({ logs: [{ audit: '' }] })).toStrictEqual({ path: 'logs.0.audit', value: false, defaulted: true });
    expect(auditOf({ logs: [{ audit: null }] })).toStrictEqual({ path: 'logs.0.audit', value: false, defaulted: true });
    expect(auditOf({ logs: [{ audit: true }] }, { logs: [{ audit: true }] })).toStrictEqual({ path: 'logs.0.audit', value: 'unknown: known only after apply', defaulted: false });
    expect(auditOf({ broker_name: 'solo' })).toBeUndefined();
  });

  it('says when a planned broker has no resource_changes entry to tell unknown values by', () => {
    const { resources, notices } = plan(onePlan({ deployment_mode: 'SINGLE_INSTANCE' }));
    expect(resources[0]).not.toHaveProperty('change');
    expect(notices).toStrictEqual([
      {
        file: PLAN_PATH,
        line: 6,
        column: 9,
        message: 'the plan has no resource_changes entry for aws_mq_broker.solo: values known only after apply look absent',
      },
    ]);
  });

  it('says when the plan errored or is incomplete', () => {
    const change = { actions: ['create'], after_unknown: {} };
    expect(plan(onePlan({}, change, { errored: true, complete: false })).notices).toStrictEqual([
      { file: PLAN_PATH, message: 'the plan errored: brokers Terraform did not reach are not in it' },
    ]);
    expect(plan(onePlan({}, change, { complete: false })).notices).toStrictEqual([
      { file: PLAN_PATH, message: 'the plan is incomplete (deferred changes): brokers Terraform deferred are not in it' },
    ]);
  });
});

describe('the Region of plan and state brokers', () => {
  const PROVIDER_WITHOUT_REGION = '"expressions": { "default_tags"';
  const withProviderRegion = (expression: string) => PLAN_TEXT.replace(PROVIDER_WITHOUT_REGION, `"expressions": { "region": ${expression}, "default_tags"`);
  const regions = (resources: Resource[]) => resources.map((resource) => resource.region);

  it('reads an existing broker\'s Region from its ARN', () => {
    const { resources } = brokersFromTerraformJson(readTerraformJson(STATE_PATH, STATE_TEXT), STATE_PATH);
    expect(regions(resources)).toStrictEqual(['eu-west-1', undefined]);
  });

  it('takes the constant region of the aws provider configuration', () => {
    expect(PLAN_TEXT).toContain(PROVIDER_WITHOUT_REGION);
    expect(regions(plan(withProviderRegion('{ "constant_value": "ap-southeast-2" }')).resources)).toStrictEqual(Array(4).fill('ap-southeast-2'));
  });

  it('leaves the Region unknown when the provider sets none, refers to something, or another aws provider differs', () => {
    expect(regions(plan().resources)).toStrictEqual(Array(4).fill(undefined));
    expect(regions(plan(withProviderRegion('{ "references": ["var.region"] }')).resources)).toStrictEqual(Array(4).fill(undefined));
    const aliased = withProviderRegion('{ "constant_value": "ap-southeast-2" }').replace(
      '"provider_config": {',
      '"provider_config": { "aws.west": { "name": "aws", "alias": "west", "expressions": { "region": { "constant_value": "us-west-2" } } },',
    );
    expect(regions(plan(aliased).resources)).toStrictEqual(Array(4).fill(undefined));
  });
});
