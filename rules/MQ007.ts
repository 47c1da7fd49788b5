import type { RuleMetadata } from '../src/model/rule.js';

/** MQ007: a Terraform plan that deletes or replaces an Amazon MQ broker. */
export const MQ007: RuleMetadata = {
  id: 'MQ007',
  slug: 'broker-replacement',
  title: 'Plan replaces an Amazon MQ broker',
  level: 'warning',
  rationale:
    'Amazon MQ cannot change a broker\'s `deployment_mode`, `engine_type`, `subnet_ids`, `publicly_accessible`, ' +
    '`encryption_options`, `ldap_server_metadata` or `broker_name` in place (they are `ForceNew`), so Terraform ' +
    'replaces the broker: it ' +
    'creates a new broker with a new ID and new endpoints and deletes the old one. Queue and topic contents do not ' +
    'carry over: messages still on the old broker are lost when it is deleted, and every producer and consumer must ' +
    'be repointed at the new endpoints (for ActiveMQ active/standby, at a `failover:` URL). A plan that only deletes ' +
    'the broker loses its messages the same way. Only a plan shows this: the configuration alone cannot say what ' +
    'the deployed broker looks like.',
  remediation:
    'Do not let `terraform apply` replace a broker that holds messages. Stand the new broker up beside the old one ' +
    '(a second resource with a new `broker_name`), move producers to it, let consumers drain the old broker, then ' +
    'remove the old resource. `lifecycle { create_before_destroy = true }` alone does not drain anything, and with ' +
    'a fixed `broker_name` it cannot even create the new broker first, because broker names are unique per account. ' +
    'A broker that holds no messages and whose clients are redeployed with it can be replaced as planned.',
  helpUri: 'https://github.com/iac-mq-lint/iac-mq-lint/blob/main/docs/rules/MQ007.md',
  formats: ['terraform-plan'],
  controls: [],
  tags: ['reliability', 'data-loss', 'amazon-mq', 'terraform-plan'],
  appliesIn: 'every-environment',
  securitySeverity: '4.0',
  messages: {
    replaced:
      'Plan replaces broker {resource} ({actions}) because {paths} changed (reason: {reason}): a new broker with new ' +
      'endpoints; messages left on the old one are lost. Migrate, then delete.',
    replacedForReason:
      'Plan replaces broker {resource} ({actions}, reason: {reason}): a new broker with new endpoints; messages left ' +
      'on the old one are lost. Migrate, then delete.',
    deleted:
      'Plan deletes broker {resource} (reason: {reason}): its endpoints go away and messages left on it are lost. ' +
      'Drain it first.',
  },
  implementation: { language: 'rego', package: 'iac_mq_lint.rules.MQ007' },
};
