import type { RuleMetadata } from '../src/model/rule.js';

/** MQ004: a broker configuration the Amazon MQ API rejects although Terraform and CloudFormation accept it. */
export const MQ004: RuleMetadata = {
  id: 'MQ004',
  slug: 'invalid-broker-configuration',
  title: 'Amazon MQ rejects the broker\'s configuration',
  level: 'error',
  rationale:
    'Terraform and CloudFormation accept every deployment mode, storage type, instance type and subnet list for ' +
    'either engine; only the Amazon MQ API, at create time, rejects the combinations it does not support, after ' +
    'a review approved them and in the middle of an apply. The rule reports the ones the AWS documentation states: ' +
    '`ACTIVE_STANDBY_MULTI_AZ` is ActiveMQ\'s highly available mode and `CLUSTER_MULTI_AZ` RabbitMQ\'s; an ' +
    'active/standby broker takes exactly two subnets, one per Availability Zone, and a single-instance broker ' +
    'exactly one (the "Complex Amazon MQ Broker" example in the CloudFormation reference gives it two, reported ' +
    'upstream in 2019 and still there); EBS storage lives in one Availability Zone, so it cannot back an ' +
    'active/standby pair, and works only on the `mq.m5` instance types; RabbitMQ uses EBS only; `mq.m7g` instance ' +
    'types are for RabbitMQ only; RabbitMQ 4 runs only on `mq.m7g`. It never reports a combination whose support is ' +
    'uncertain (`mq.t3.micro` with active/standby or with RabbitMQ 3.13), and it counts subnets without knowing ' +
    'their IDs, so subnets created in the same configuration are counted too; a list whose length cannot be known ' +
    'is not.',
  remediation:
    'Change the attribute the finding points at: the deployment mode that matches the engine ' +
    '(`ACTIVE_STANDBY_MULTI_AZ` for ActiveMQ, `CLUSTER_MULTI_AZ` for RabbitMQ); two subnets in different ' +
    'Availability Zones for active/standby and one for a single instance; EFS storage (the ActiveMQ default) for ' +
    'active/standby or off the `mq.m5` family, and EBS (or no `storage_type`) for RabbitMQ; an `mq.m5` instance type ' +
    'for ActiveMQ and an `mq.m7g` type for RabbitMQ 4. The mode, the subnets and the storage type cannot be changed ' +
    'on an existing broker; for a broker that does not exist yet, fixing the configuration replaces nothing.',
  helpUri: 'https://github.com/iac-mq-lint/iac-mq-lint/blob/main/docs/rules/MQ004.md',
  formats: ['terraform', 'cloudformation'],
  controls: [],
  tags: ['correctness', 'deployment', 'amazon-mq'],
  appliesIn: 'every-environment',
  securitySeverity: '5.0',
  messages: {
    clusterOnActiveMQ:
      'ActiveMQ broker {resource} uses deployment mode CLUSTER_MULTI_AZ, which only RabbitMQ supports: Amazon MQ ' +
      'rejects it. Use {recommended}.',
    activeStandbyOnRabbitMQ:
      'RabbitMQ broker {resource} uses deployment mode ACTIVE_STANDBY_MULTI_AZ, which only ActiveMQ supports: Amazon MQ ' +
      'rejects it. Use {recommended}.',
    activeStandbySubnetCount:
      'ActiveMQ broker {resource} is ACTIVE_STANDBY_MULTI_AZ with {count} subnet(s): Amazon MQ requires exactly 2, ' +
      'in different Availability Zones, and rejects the broker at create time.',
    singleInstanceSubnetCount:
      '{engine} broker {resource} is SINGLE_INSTANCE with {count} subnets: a single instance takes exactly 1, and ' +
      'Amazon MQ rejects the broker at create time. Keep one subnet, or use a highly available mode.',
    singleInstanceSubnetCountDefaulted:
      '{engine} broker {resource} leaves deployment_mode unset (omitted or null), so it is SINGLE_INSTANCE, the ' +
      'Terraform default, which takes exactly 1 subnet; it has {count}, and Amazon MQ rejects the broker at create ' +
      'time. Keep one subnet, or set a highly available mode.',
    activeStandbyEbs:
      'ActiveMQ broker {resource} is ACTIVE_STANDBY_MULTI_AZ on EBS storage, which lives in one Availability Zone and ' +
      'cannot back an active/standby pair: Amazon MQ rejects it. Use {recommended}.',
    efsOnRabbitMQ:
      'RabbitMQ broker {resource} asks for EFS storage, but RabbitMQ brokers use EBS only: Amazon MQ rejects it. Use ' +
      '{recommended} or leave the storage type out.',
    ebsInstanceType:
      'ActiveMQ broker {resource} uses EBS storage on {instanceType}, but EBS works only with the mq.m5 instance ' +
      'types: Amazon MQ rejects it. Use an mq.m5 type, or EFS storage.',
    gravitonOnActiveMQ:
      'ActiveMQ broker {resource} runs on {instanceType}, but mq.m7g instance types are for RabbitMQ only: Amazon MQ ' +
      'rejects it. Use an mq.m5 type.',
    rabbitmq4InstanceType:
      'RabbitMQ {version} broker {resource} runs on {instanceType}, but RabbitMQ 4 runs only on mq.m7g instance ' +
      'types: Amazon MQ rejects it. Use an mq.m7g type.',
  },
  implementation: { language: 'rego', package: 'iac_mq_lint.rules.MQ004' },
};
