import type { RuleMetadata } from '../src/model/rule.js';

/** MQ001: an ActiveMQ broker deployed as a single instance. */
export const MQ001: RuleMetadata = {
  id: 'MQ001',
  slug: 'single-instance-activemq',
  title: 'ActiveMQ broker runs as a single instance',
  level: 'error',
  rationale:
    'A `SINGLE_INSTANCE` ActiveMQ broker is one node in one Availability Zone: it is offline during every ' +
    'hardware fault, reboot and maintenance window, and producers and consumers fail with it. ' +
    '`ACTIVE_STANDBY_MULTI_AZ` runs a standby in a second Availability Zone on shared EFS storage and fails over ' +
    'automatically. Terraform defaults `deployment_mode` to `SINGLE_INSTANCE` when it is omitted.',
  remediation:
    'Set `deployment_mode = "ACTIVE_STANDBY_MULTI_AZ"` (CloudFormation: `DeploymentMode: ACTIVE_STANDBY_MULTI_AZ`) ' +
    'with exactly two subnets in different Availability Zones and EFS storage, and point clients at a ' +
    '`failover:(…-1…,…-2…)` URL. The mode cannot be changed in place: AWS creates a new broker with new endpoints, ' +
    'so stand the new broker up beside the old one, move producers, drain the old queues, then delete it.',
  helpUri: 'https://github.com/iac-mq-lint/iac-mq-lint/blob/main/docs/rules/MQ001.md',
  formats: ['terraform', 'cloudformation'],
  controls: ['Security Hub MQ.5', 'AWS Config mq-active-deployment-mode', 'Control Tower CT.MQ.PR.1'],
  tags: ['reliability', 'availability', 'amazon-mq', 'activemq'],
  appliesIn: 'production',
  costOfFix: { engine: 'ACTIVEMQ' },
  securitySeverity: '5.0',
  messages: {
    singleInstance:
      'ActiveMQ broker {resource} uses deployment mode {mode}: one node in one Availability Zone. Use {recommended}.',
    singleInstanceDefaulted:
      'ActiveMQ broker {resource} leaves deployment_mode unset (omitted or null), so it is {mode}, the Terraform default: ' +
      'one node in one Availability Zone. Set it to {recommended}.',
  },
  implementation: { language: 'rego', package: 'iac_mq_lint.rules.MQ001' },
};
