import type { RuleMetadata } from '../src/model/rule.js';

/** MQ002: a RabbitMQ broker deployed as a single instance. */
export const MQ002: RuleMetadata = {
  id: 'MQ002',
  slug: 'single-instance-rabbitmq',
  title: 'RabbitMQ broker runs as a single instance',
  level: 'error',
  rationale:
    'A `SINGLE_INSTANCE` RabbitMQ broker is one node behind a load balancer: the endpoint survives, but the broker ' +
    'is offline while the node restarts for maintenance, patching or a hardware fault. `CLUSTER_MULTI_AZ` runs three ' +
    'nodes across Availability Zones and restarts them one at a time. Terraform defaults `deployment_mode` to ' +
    '`SINGLE_INSTANCE` when it is omitted.',
  remediation:
    'Set `deployment_mode = "CLUSTER_MULTI_AZ"` (CloudFormation: `DeploymentMode: CLUSTER_MULTI_AZ`) and make ' +
    'clients reconnect automatically. The mode cannot be changed in place: AWS creates a new broker with a new ' +
    'endpoint, so stand the cluster up beside the old broker, move producers, drain the old queues, then delete it.',
  helpUri: 'https://github.com/iac-mq-lint/iac-mq-lint/blob/main/docs/rules/MQ002.md',
  formats: ['terraform', 'cloudformation'],
  controls: ['Security Hub MQ.6', 'AWS Config mq-rabbit-deployment-mode', 'Control Tower CT.MQ.PR.2'],
  tags: ['reliability', 'availability', 'amazon-mq', 'rabbitmq'],
  appliesIn: 'production',
  costOfFix: { engine: 'RABBITMQ' },
  securitySeverity: '5.0',
  messages: {
    singleInstance:
      'RabbitMQ broker {resource} uses deployment mode {mode}: one node, offline during every restart. Use {recommended}.',
    singleInstanceDefaulted:
      'RabbitMQ broker {resource} leaves deployment_mode unset (omitted or null), so it is {mode}, the Terraform default: ' +
      'one node, offline during every restart. Set it to {recommended}.',
  },
  implementation: { language: 'rego', package: 'iac_mq_lint.rules.MQ002' },
};
