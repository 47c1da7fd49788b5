import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { runRules } from '../../src/engine/run-rules.js';
import { BROKER_KIND, type Resource } from '../../src/model/resource.js';
import type { RuleMetadata, RuleSettings, TypeScriptRule } from '../../src/model/rule.js';
import { deploymentCost } from '../../src/pricing/deployment-cost.js';
import { LineIndex } from '../../src/model/source.js';
import { known, unknown, type Value } from '../../src/model/value.js';
import type { Classification } from '../../src/environment/context.js';

const SOURCE = 'resource "aws_mq_broker" "orders" {\n  engine_type     = "ActiveMQ"\n  deployment_mode = "SINGLE_INSTANCE"\n}\n';
const lines = new LineIndex(SOURCE);
const FILE = '/repo/infra/main.tf';

function offsetOf(text: string): number {
  return SOURCE.indexOf(text);
}

const broker: Resource = {
  address: 'aws_mq_broker.orders',
  root: '/repo/infra',
  kind: BROKER_KIND,
  sourceType: 'aws_mq_broker',
  format: 'terraform',
  location: { file: FILE, range: lines.rangeAt(0, offsetOf(' {')) },
  moduleCalls: [],
  attributes: {
    engine: { path: 'engine_type', defaulted: false, value: known('ACTIVEMQ', { file: FILE, role: 'literal', range: lines.rangeAt(offsetOf('ActiveMQ'), offsetOf('ActiveMQ') + 8) }) },
    deployment_mode: {
      path: 'deployment_mode',
      defaulted: false,
      value: known('SINGLE_INSTANCE', { file: FILE, role: 'literal', range: lines.rangeAt(offsetOf('SINGLE_INSTANCE'), offsetOf('SINGLE_INSTANCE') + 15) }),
    },
  },
  references: [],
};

// The test double borrows MQ001's metadata but not its price of the fix.
const { costOfFix: _mq001CostOfFix, ...borrowedMetadata } = RULES[0] as RuleMetadata;

/** A rule written against the TypeScript API, as a later rule (e.g. a text scan) would be. */
const engineRule: TypeScriptRule = {
  meta: {
    ...borrowedMetadata,
    id: 'MQ900',
    slug: 'engine-named',
    messages: { named: 'Broker {resource} runs {engine}.' },
    implementation: { language: 'typescript', whyNotRego: 'test double for the TypeScript rule API' },
  },
  check: (graph) =>
    graph.resources.map((resource) => ({ ruleId: 'MQ900', resource: resource.address, attribute: 'engine', messageId: 'named', params: { engine: 'ActiveMQ' } })),
};

const PRODUCTION: Classification = {
  environment: 'production',
  decisive: [{ kind: 'context-name', description: 'var file prod.tfvars', name: 'prod.tfvars' }],
  conflicts: [],
  reason: 'var file prod.tfvars',
};

const options = { isEditable: () => true, cwd: '/repo', classify: () => PRODUCTION };

describe('runRules', () => {
  it('runs the Rego bundle and the TypeScript rules, and locates both at the deciding literal', async () => {
    const findings = await runRules([broker], { metadata: [...RULES, engineRule.meta], typescriptRules: [engineRule] }, options);
    expect(findings.map((finding) => [finding.ruleId, finding.location.range.start.line, finding.location.range.start.column, finding.message])).toEqual([
      ['MQ001', 3, 22, 'ActiveMQ broker aws_mq_broker.orders uses deployment mode SINGLE_INSTANCE: one node in one Availability Zone. Use ACTIVE_STANDBY_MULTI_AZ. In production (var file prod.tfvars).'],
      ['MQ900', 2, 22, 'Broker aws_mq_broker.orders runs ActiveMQ. In production (var file prod.tfvars).'],
    ]);
  });

  it('runs only the rules asked for', async () => {
    const findings = await runRules([broker], { metadata: [...RULES, engineRule.meta], typescriptRules: [engineRule] }, { ...options, onlyRules: ['MQ900'] });
    expect(findings.map((finding) => finding.ruleId)).toEqual(['MQ900']);
  });

  it('gives fingerprints that ignore positions but not the resource', async () => {
    const moved: Resource = { ...broker, location: { file: FILE, range: lines.rangeAt(1, 5) } };
    const renamed: Resource = { ...broker, address: 'aws_mq_broker.billing' };
    const [original] = await runRules([broker], { metadata: RULES, typescriptRules: [] }, options);
    const [afterMove] = await runRules([moved], { metadata: RULES, typescriptRules: [] }, options);
    const [afterRename] = await runRules([renamed], { metadata: RULES, typescriptRules: [] }, options);
    expect(afterMove?.fingerprint).toBe(original?.fingerprint);
    expect(afterRename?.fingerprint).not.toBe(original?.fingerprint);
  });

  it('adds the price of the fix to the message, params and finding of a rule with costOfFix, when the instance type is priced', async () => {
    const priced: Resource = { ...broker, attributes: { ...broker.attributes, host_instance_type: { path: 'host_instance_type', defaulted: false, value: known('MQ.M5.LARGE') } } };
    const findings = await runRules([priced], { metadata: [...RULES, engineRule.meta], typescriptRules: [engineRule] }, options);
    const [mq001, mq900] = findings;
    expect(mq001?.message).toBe(
      'ActiveMQ broker aws_mq_broker.orders uses deployment mode SINGLE_INSTANCE: one node in one Availability Zone. Use ACTIVE_STANDBY_MULTI_AZ. ' +
        'Cost: mq.m5.large single instance about $210/month, active/standby about $420/month (+$210) at us-east-1 prices of 2026-10. ' +
        'In production (var file prod.tfvars).',
    );
    expect(mq001?.params).toMatchObject({ instanceType: 'mq.m5.large', monthlyCost: 210.24, haMonthlyCost: 420.48, costDelta: 210.24, costEstimate: false });
    expect(mq001?.cost).toStrictEqual(deploymentCost('ACTIVEMQ', 'mq.m5.large'));
    // A rule without costOfFix says nothing about money.
    expect(mq900?.message).toBe('Broker aws_mq_broker.orders runs ActiveMQ. In production (var file prod.tfvars).');
    expect(mq900?.cost).toBeUndefined();
  });

  it('prices a RabbitMQ cluster as an estimate, and says when the broker is in another Region', async () => {
    const rabbit: Resource = {
      ...broker,
      region: 'eu-west-1',
      attributes: {
        ...broker.attributes,
        engine: { path: 'engine_type', defaulted: false, value: known('RABBITMQ') },
        host_instance_type: { path: 'host_instance_type', defaulted: false, value: known('mq.m7g.large') },
      },
    };
    const [finding] = await runRules([rabbit], { metadata: RULES, typescriptRules: [] }, options);
    expect(finding?.ruleId).toBe('MQ002');
    expect(finding?.message).toContain(
      'Use CLUSTER_MULTI_AZ. Cost (estimate): mq.m7g.large single instance about $200/month, 3-node cluster about $599/month (+$399) ' +
        'at us-east-1 prices of 2026-10; eu-west-1 may differ. In production',
    );
    expect(finding?.cost).toMatchObject({ estimate: true, region: 'eu-west-1', delta: 399.17 });
  });

  it('says nothing about cost when the instance type is unknown, absent or not in the price table', async () => {
    const variants: Array<Resource['attributes']['host_instance_type']> = [
      undefined,
      { path: 'host_instance_type', defaulted: false, value: unknown('var.instance_type has no value') },
      { path: 'host_instance_type', defaulted: false, value: known('mq.m7g.4xlarge') },
      { path: 'host_instance_type', defaulted: false, value: known('mq.t2.micro') },
    ];
    for (const hostInstanceType of variants) {
      const attributes = hostInstanceType === undefined ? broker.attributes : { ...broker.attributes, host_instance_type: hostInstanceType };
      const [finding] = await runRules([{ ...broker, attributes }], { metadata: RULES, typescriptRules: [] }, options);
      expect(finding?.message).not.toContain('Cost');
      expect(finding?.params).not.toHaveProperty('monthlyCost');
      expect(finding?.cost).toBeUndefined();
    }
  });

  it('gives Rego the keys of a map whose values are not all known, and the rule settings of the configuration', async () => {
    const tagged = (tags: Record<string, Value>): Resource => ({ ...broker, attributes: { ...broker.attributes, effective_tags: { path: 'tags_all', defaulted: false, value: known(tags) } } });
    const ownerUnknown = tagged({ Owner: unknown('var.owner has no value'), Name: known('orders') });
    const ownerTag = async (resource: Resource, settings?: RuleSettings) =>
      (await runRules([resource], { metadata: RULES, typescriptRules: [] }, { ...options, onlyRules: ['MQ008'], ...(settings && { settings }) })).map(
        (finding) => [finding.messageId, finding.params['missing'] ?? ''],
      );
    expect(await ownerTag(ownerUnknown)).toEqual([]);
    expect(await ownerTag(tagged({ Name: known('orders') }))).toEqual([['noOwnerTag', '']]);
    expect(await ownerTag(ownerUnknown, { requiredTags: ['Owner', 'CostCenter'] })).toEqual([['missingRequiredTags', 'CostCenter']]);
  });

  it('refuses a finding about a resource the rule was not given', async () => {
    const stray: TypeScriptRule = { ...engineRule, check: () => [{ ruleId: 'MQ900', resource: 'aws_mq_broker.ghost', messageId: 'named', params: {} }] };
    await expect(runRules([broker], { metadata: [...RULES, stray.meta], typescriptRules: [stray] }, options)).rejects.toThrow(/aws_mq_broker.ghost/);
  });
});
