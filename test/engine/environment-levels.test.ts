import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { applyEnvironments, type ContextFinding } from '../../src/engine/environment-levels.js';
import type { Classification, Environment } from '../../src/environment/context.js';
import { BROKER_KIND, type Resource } from '../../src/model/resource.js';
import type { RuleMetadata } from '../../src/model/rule.js';

const MQ001 = RULES.find((rule) => rule.id === 'MQ001') as RuleMetadata;
const MQ007 = RULES.find((rule) => rule.id === 'MQ007') as RuleMetadata;

const broker: Resource = {
  address: 'aws_mq_broker.orders',
  root: '/repo',
  kind: BROKER_KIND,
  sourceType: 'aws_mq_broker',
  format: 'terraform',
  location: { file: '/repo/main.tf', range: { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 10, offset: 9 } } },
  moduleCalls: [],
  attributes: {},
  references: [],
};

function at(file: string, line: number) {
  return { file, range: { start: { line, column: 20, offset: line * 100 }, end: { line, column: 35, offset: line * 100 + 15 } } };
}

function classified(environment: Environment, reason: string): Classification {
  return { environment, decisive: [{ kind: 'context-name', description: reason, name: reason }], conflicts: [], reason };
}

function contextFinding(contextName: string, classification: Classification, file: string, metadata = MQ001): ContextFinding {
  return {
    finding: {
      ruleId: metadata.id,
      ruleSlug: metadata.slug,
      messageId: 'singleInstance',
      message: 'ActiveMQ broker aws_mq_broker.orders uses deployment mode SINGLE_INSTANCE.',
      params: { resource: broker.address },
      resource: broker,
      attribute: 'deployment_mode',
      location: at(file, 2),
      related: [],
    },
    metadata,
    productionLevel: metadata.level,
    contextName,
    classification,
    key: `${metadata.id}|.|${broker.address}|deployment_mode`,
  };
}

const fingerprint = (key: string, environment: Environment) => `${key}|${environment}`;
const policy = { unknown: 'warning', includeNonProduction: false } as const;

describe('applyEnvironments', () => {
  it('reports a production context as an error and says which environment and why', () => {
    const [finding] = applyEnvironments([contextFinding('prod.tfvars', classified('production', 'var file prod.tfvars'), '/repo/prod.tfvars')], policy, fingerprint);
    expect(finding?.level).toBe('error');
    expect(finding?.environment).toBe('production');
    expect(finding?.message).toBe(
      'ActiveMQ broker aws_mq_broker.orders uses deployment mode SINGLE_INSTANCE. In production: prod.tfvars (var file prod.tfvars).',
    );
    expect(finding?.fingerprint).toBe('MQ001|.|aws_mq_broker.orders|deployment_mode|production');
  });

  it('merges the same broker in several production contexts into one finding listing them, with the others as related locations', () => {
    const findings = applyEnvironments(
      [
        contextFinding('dev.tfvars', classified('non-production', 'var file dev.tfvars'), '/repo/dev.tfvars'),
        contextFinding('prod-us.tfvars', classified('production', 'var file prod-us.tfvars'), '/repo/prod-us.tfvars'),
        contextFinding('prod-eu.tfvars', classified('production', 'var file prod-eu.tfvars'), '/repo/prod-eu.tfvars'),
      ],
      policy,
      fingerprint,
    );
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding?.contexts.map((context) => context.name)).toEqual(['prod-eu.tfvars', 'prod-us.tfvars']);
    expect(finding?.location.file).toBe('/repo/prod-eu.tfvars');
    expect(finding?.related.map((related) => [related.file, related.message])).toEqual([['/repo/prod-us.tfvars', 'the same value in context prod-us.tfvars']]);
    expect(finding?.message).toContain('In production: prod-eu.tfvars (var file prod-eu.tfvars); prod-us.tfvars (var file prod-us.tfvars).');
  });

  it('reports an unknown environment at the policy level, or not at all', () => {
    const unknown = [contextFinding('default', classified('unknown', 'no environment evidence'), '/repo/main.tf')];
    const [warning] = applyEnvironments(unknown, policy, fingerprint);
    expect(warning?.level).toBe('warning');
    expect(warning?.message).toContain('May be production: no environment evidence.');
    expect(applyEnvironments(unknown, { ...policy, unknown: 'error' }, fingerprint)[0]?.level).toBe('error');
    expect(applyEnvironments(unknown, { ...policy, unknown: 'ignore' }, fingerprint)).toEqual([]);
  });

  it('drops non-production findings unless asked to show them as notes', () => {
    const development = [contextFinding('dev.tfvars', classified('non-production', 'var file dev.tfvars'), '/repo/dev.tfvars')];
    expect(applyEnvironments(development, policy, fingerprint)).toEqual([]);
    const [note] = applyEnvironments(development, { ...policy, includeNonProduction: true }, fingerprint);
    expect(note?.level).toBe('note');
    expect(note?.message).toContain('Not production: dev.tfvars (var file dev.tfvars).');
  });

  it('keeps the level of rules that apply in every environment', () => {
    const [finding] = applyEnvironments([contextFinding('dev.tfvars', classified('non-production', 'var file dev.tfvars'), '/repo/dev.tfvars', MQ007)], policy, fingerprint);
    expect(finding?.level).toBe(MQ007.level);
  });

  it('reports an every-environment rule at its level outside production in non-production and unknown environments', () => {
    const publicBroker: RuleMetadata = { ...MQ007, id: 'MQ900', level: 'error', levelOutsideProduction: 'warning' };
    const levelIn = (environment: Environment, metadata = publicBroker, productionLevel = metadata.level) => {
      const item = { ...contextFinding('default', classified(environment, environment), '/repo/main.tf', metadata), productionLevel };
      return applyEnvironments([item], policy, fingerprint)[0]?.level;
    };
    expect(levelIn('production')).toBe('error');
    expect(levelIn('non-production')).toBe('warning');
    expect(levelIn('unknown')).toBe('warning');
    // A project configuration that lowers the rule lowers it everywhere; raising it never raises the level outside production.
    expect(levelIn('unknown', publicBroker, 'note')).toBe('note');
    expect(levelIn('non-production', { ...publicBroker, level: 'warning' }, 'error')).toBe('warning');
  });

  it('never reports a production rule above its production level where the environment is unknown', () => {
    const warningRule: RuleMetadata = { ...MQ001, id: 'MQ901', level: 'warning' };
    const unknown = [contextFinding('default', classified('unknown', 'no environment evidence'), '/repo/main.tf', warningRule)];
    expect(applyEnvironments(unknown, { ...policy, unknown: 'error' }, fingerprint)[0]?.level).toBe('warning');
    expect(applyEnvironments(unknown, { ...policy, unknown: 'note' }, fingerprint)[0]?.level).toBe('note');
  });
});
