import type { RuleMetadata } from '../src/model/rule.js';

/** MQ010: an ActiveMQ broker that does not send audit logs to CloudWatch Logs. */
export const MQ010: RuleMetadata = {
  id: 'MQ010',
  slug: 'activemq-audit-logging',
  title: 'ActiveMQ broker does not send audit logs to CloudWatch',
  level: 'warning',
  rationale:
    'An ActiveMQ audit log records every user management action taken through JMX or the ActiveMQ Web Console. ' +
    'CloudTrail does not see those actions, so without the audit log nobody can tell who changed users, queues or ' +
    'permissions on the broker. Amazon MQ sends it to CloudWatch Logs only when audit logging is enabled, and it is ' +
    'off unless the template says otherwise: Terraform `logs.audit` and CloudFormation `Logs.Audit` are false when ' +
    'omitted. Security Hub MQ.2 (Medium) and AWS Config `mq-cloudwatch-audit-log-enabled` flag such brokers once ' +
    'they are deployed. RabbitMQ brokers have no audit log (Terraform refuses `logs.audit` for them), so they are ' +
    'never reported.',
  remediation:
    'Enable the audit log: `logs { audit = true }` in the `aws_mq_broker` (CloudFormation: `Logs: {Audit: true}`). ' +
    'It is changed in place and takes effect when the broker next reboots (Terraform reboots it at once with ' +
    '`apply_immediately = true`; a single-instance broker is offline meanwhile). Before that reboot, let Amazon MQ ' +
    'write to CloudWatch Logs: the identity that creates or reboots the broker needs `logs:CreateLogGroup`, and a ' +
    'CloudWatch Logs resource policy must allow `mq.amazonaws.com` to write to `/aws/amazonmq/*` log groups. The ' +
    'audit log then appears in `/aws/amazonmq/broker/<broker-id>/audit`.',
  helpUri: 'https://github.com/iac-mq-lint/iac-mq-lint/blob/main/docs/rules/MQ010.md',
  formats: ['terraform', 'cloudformation'],
  controls: ['Security Hub MQ.2', 'AWS Config mq-cloudwatch-audit-log-enabled'],
  tags: ['security', 'logging', 'audit', 'amazon-mq', 'activemq'],
  appliesIn: 'production',
  securitySeverity: '5.0',
  messages: {
    auditLogsDisabled:
      'ActiveMQ broker {resource} turns its audit log off: user management through JMX and the Web Console goes ' +
      'unrecorded. Set {fix}.',
    auditLogsDefaulted:
      'ActiveMQ broker {resource} does not enable its audit log, which is off when omitted: user management through ' +
      'JMX and the Web Console goes unrecorded. Set {fix}.',
  },
  implementation: { language: 'rego', package: 'iac_mq_lint.rules.MQ010' },
};
