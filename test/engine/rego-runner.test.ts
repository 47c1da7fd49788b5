import { describe, expect, it } from 'vitest';
import { evaluateRegoRules, type RegoFinding } from '../../src/engine/rego-runner.js';

type Attribute =
  | { known: true; value: unknown; defaulted: boolean; path: string }
  | { known: false; reason: string; defaulted: boolean; path: string };

const written = (value: unknown, path: string): Attribute => ({ known: true, value, defaulted: false, path });

function broker(address: string, attributes: Record<string, Attribute>) {
  return { address, kind: 'amazonmq.broker', format: 'terraform', attributes };
}

const activeMqSingle = broker('module.mq.aws_mq_broker.this[0]', {
  engine: written('ACTIVEMQ', 'engine_type'),
  deployment_mode: { known: true, value: 'SINGLE_INSTANCE', defaulted: true, path: 'deployment_mode' },
  host_instance_type: { known: false, reason: 'var.size has no value', defaulted: false, path: 'host_instance_type' },
});

const rabbitMqSingle = broker('aws_mq_broker.rabbit', {
  engine: written('RABBITMQ', 'engine_type'),
  deployment_mode: written('SINGLE_INSTANCE', 'deployment_mode'),
});

const activeMqFinding: RegoFinding = {
  rule_id: 'MQ001',
  resource: 'module.mq.aws_mq_broker.this[0]',
  attribute: 'deployment_mode',
  message_id: 'singleInstanceDefaulted',
  params: { mode: 'SINGLE_INSTANCE', engine: 'ActiveMQ', recommended: 'ACTIVE_STANDBY_MULTI_AZ' },
};

const rabbitMqFinding: RegoFinding = {
  rule_id: 'MQ002',
  resource: 'aws_mq_broker.rabbit',
  attribute: 'deployment_mode',
  message_id: 'singleInstance',
  params: { mode: 'SINGLE_INSTANCE', engine: 'RabbitMQ', recommended: 'CLUSTER_MULTI_AZ' },
};

describe('evaluateRegoRules (the committed Wasm bundle)', () => {
  it('reports single-instance brokers of both engines, sorted by rule and resource', async () => {
    expect(await evaluateRegoRules({ resources: [rabbitMqSingle, activeMqSingle] })).toEqual([
      activeMqFinding,
      rabbitMqFinding,
    ]);
  });

  it('allows highly available brokers and other resource kinds', async () => {
    const resources = [
      broker('aws_mq_broker.active', {
        engine: written('ACTIVEMQ', 'engine_type'),
        deployment_mode: written('ACTIVE_STANDBY_MULTI_AZ', 'deployment_mode'),
      }),
      broker('aws_mq_broker.rabbit', {
        engine: written('RABBITMQ', 'engine_type'),
        deployment_mode: written('CLUSTER_MULTI_AZ', 'deployment_mode'),
      }),
      { ...rabbitMqSingle, address: 'aws_instance.web', kind: 'aws_instance' },
    ];
    expect(await evaluateRegoRules({ resources })).toEqual([]);
  });

  it('reports no single instance when the engine or the mode is unknown or absent, only the unknown mode (MQ003)', async () => {
    const unknownValue = (path: string): Attribute => ({ known: false, reason: 'var.x has no value', defaulted: false, path });
    const resources = [
      broker('aws_mq_broker.unknown_mode', {
        engine: written('ACTIVEMQ', 'engine_type'),
        deployment_mode: unknownValue('deployment_mode'),
      }),
      broker('aws_mq_broker.unknown_engine', {
        engine: unknownValue('engine_type'),
        deployment_mode: written('SINGLE_INSTANCE', 'deployment_mode'),
      }),
      broker('aws_mq_broker.no_mode', { engine: written('RABBITMQ', 'engine_type') }),
      broker('aws_mq_broker.no_engine', { deployment_mode: written('SINGLE_INSTANCE', 'deployment_mode') }),
    ];
    expect(await evaluateRegoRules({ resources })).toEqual([
      {
        rule_id: 'MQ003',
        resource: 'aws_mq_broker.unknown_mode',
        attribute: 'deployment_mode',
        message_id: 'unknownTerraform',
        params: { reason: 'var.x has no value' },
      },
    ]);
  });

  it('compares engine and mode case-insensitively and reports the mode upper-cased', async () => {
    const resources = [
      broker('aws_mq_broker.lower', {
        engine: written('activemq', 'Properties.EngineType'),
        deployment_mode: written('single_instance', 'Properties.DeploymentMode'),
      }),
    ];
    expect(await evaluateRegoRules({ resources })).toEqual([
      { ...activeMqFinding, resource: 'aws_mq_broker.lower', message_id: 'singleInstance' },
    ]);
  });

  it('runs only the rules listed in only_rules, and every rule when the list is empty', async () => {
    const resources = [activeMqSingle, rabbitMqSingle];
    expect(await evaluateRegoRules({ resources, only_rules: ['MQ002'] })).toEqual([rabbitMqFinding]);
    expect(await evaluateRegoRules({ resources, only_rules: ['MQ999'] })).toEqual([]);
    expect(await evaluateRegoRules({ resources, only_rules: [] })).toEqual([activeMqFinding, rabbitMqFinding]);
  });

  describe('MQ007 (plans that delete or replace a broker)', () => {
    const activeStandby = {
      engine: written('ACTIVEMQ', 'engine_type'),
      deployment_mode: written('ACTIVE_STANDBY_MULTI_AZ', 'deployment_mode'),
    };
    const planned = (address: string, change: Record<string, unknown>) => ({
      ...broker(address, activeStandby),
      format: 'terraform-plan',
      change,
    });
    const onlyMq007 = (resources: unknown[]) => evaluateRegoRules({ resources, only_rules: ['MQ007'] });

    it('reports a replacement in either order with its attribute, paths and reason', async () => {
      const modeChange = { replace_paths: [['deployment_mode']], action_reason: 'replace_because_cannot_update' };
      const findings = await onlyMq007([
        planned('aws_mq_broker.a', { actions: ['delete', 'create'], ...modeChange }),
        planned('aws_mq_broker.b', { actions: ['create', 'delete'], ...modeChange }),
      ]);
      const replaced = (resource: string, actions: string): RegoFinding => ({
        rule_id: 'MQ007',
        resource,
        attribute: 'deployment_mode',
        message_id: 'replaced',
        params: { actions, paths: 'deployment_mode', reason: 'replace_because_cannot_update' },
      });
      expect(findings).toEqual([replaced('aws_mq_broker.a', 'delete, create'), replaced('aws_mq_broker.b', 'create, delete')]);
    });

    it('joins several paths, index steps included, and names the normalized attribute of the first', async () => {
      const findings = await onlyMq007([
        planned('aws_mq_broker.a', { actions: ['delete', 'create'], replace_paths: [['engine_type'], ['subnet_ids', 0]] }),
      ]);
      expect(findings).toEqual([
        {
          rule_id: 'MQ007',
          resource: 'aws_mq_broker.a',
          attribute: 'engine',
          message_id: 'replaced',
          params: { actions: 'delete, create', paths: 'engine_type, subnet_ids.0', reason: 'not given' },
        },
      ]);
    });

    it('reports a deletion, and a replacement nothing forces, without an attribute', async () => {
      const findings = await onlyMq007([
        planned('aws_mq_broker.deleted', { actions: ['delete'], replace_paths: [] }),
        planned('aws_mq_broker.requested', { actions: ['delete', 'create'], replace_paths: [], action_reason: 'replace_by_request' }),
      ]);
      expect(findings).toEqual([
        {
          rule_id: 'MQ007',
          resource: 'aws_mq_broker.deleted',
          message_id: 'deleted',
          params: { actions: 'delete', paths: '', reason: 'not given' },
        },
        {
          rule_id: 'MQ007',
          resource: 'aws_mq_broker.requested',
          message_id: 'replacedForReason',
          params: { actions: 'delete, create', paths: '', reason: 'replace_by_request' },
        },
      ]);
    });

    it('allows updates, no-ops, creations and resources without a planned change', async () => {
      const findings = await onlyMq007([
        planned('aws_mq_broker.updated', { actions: ['update'], replace_paths: [] }),
        planned('aws_mq_broker.unchanged', { actions: ['no-op'], replace_paths: [] }),
        planned('aws_mq_broker.created', { actions: ['create'], replace_paths: [] }),
        broker('aws_mq_broker.hcl', activeStandby),
      ]);
      expect(findings).toEqual([]);
    });
  });

  it('handles many brokers in one evaluation', async () => {
    const resources = Array.from({ length: 2000 }, (_, index) => ({
      ...activeMqSingle,
      address: `aws_mq_broker.b${String(index).padStart(4, '0')}`,
    }));
    const findings = await evaluateRegoRules({ resources });
    expect(findings).toHaveLength(2000);
    expect(findings[0]?.resource).toBe('aws_mq_broker.b0000');
    expect(findings[1999]?.resource).toBe('aws_mq_broker.b1999');
  });
});
