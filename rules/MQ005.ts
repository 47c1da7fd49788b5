import type { RuleMetadata } from '../src/model/rule.js';

/** MQ005: a multi-AZ broker whose subnets are all in one Availability Zone. */
export const MQ005: RuleMetadata = {
  id: 'MQ005',
  slug: 'ha-subnets-same-az',
  title: 'HA broker has all its subnets in one Availability Zone',
  level: 'error',
  rationale:
    'An `ACTIVE_STANDBY_MULTI_AZ` ActiveMQ broker puts its standby, and a `CLUSTER_MULTI_AZ` RabbitMQ broker its ' +
    'nodes, in the Availability Zones of its subnets. When every subnet is in the same zone, the broker is not ' +
    'highly available: it pays for the second instance or the cluster and still fails with that one zone. Amazon MQ ' +
    'requires the subnets of a broker with more than one to be in different Availability Zones (an ActiveMQ ' +
    'active/standby broker needs exactly two) and checks it only when it creates the broker: neither Terraform ' +
    'nor CloudFormation does, so the error comes at apply or deploy time, after the plan or the template passed. The zones are known only when the subnets are created in the ' +
    'same configuration, template or plan (`aws_subnet`, `AWS::EC2::Subnet`): their `availability_zone` or ' +
    '`availability_zone_id`, or the same entry of one zone list (`data.aws_availability_zones.x.names[0]`, ' +
    '`!Select [0, !GetAZs ""]`). A subnet passed in as an ID, or whose zone is unknown, is not checked.',
  remediation:
    'Give each subnet of the broker its own Availability Zone: `availability_zone` (or `availability_zone_id`) ' +
    'values that differ, or different entries of the zone list (`names[0]` and `names[1]`; with `count`, ' +
    '`element(var.azs, count.index)` over a list of distinct zones). `subnet_ids` cannot change in place: AWS ' +
    'creates a new broker with new endpoints, so stand the new broker up beside the old one and move clients over ' +
    'before deleting it, unless the broker was never created (ActiveMQ active/standby fails at create time).',
  helpUri: 'https://github.com/iac-mq-lint/iac-mq-lint/blob/main/docs/rules/MQ005.md',
  formats: ['terraform', 'cloudformation', 'terraform-plan'],
  controls: [],
  tags: ['reliability', 'availability', 'amazon-mq', 'subnets'],
  appliesIn: 'every-environment',
  securitySeverity: '5.0',
  messages: {
    allSubnetsInOneZone:
      'HA broker {resource} ({mode}) has all {count} subnets in one Availability Zone ({zone}); a standby or cluster ' +
      'node there fails with the zone. Use subnets in different Availability Zones.',
  },
  implementation: { language: 'rego', package: 'iac_mq_lint.rules.MQ005' },
};
