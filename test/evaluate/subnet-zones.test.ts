import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCachingTextReader } from '../../src/discover/text-cache.js';
import { evaluateCloudFormationTemplates } from '../../src/evaluate/cloudformation/evaluate-cloudformation.js';
import { evaluateTerraformModules } from '../../src/evaluate/terraform/evaluate-terraform.js';
import { evaluateTerraformJsonFiles } from '../../src/evaluate/tfplan/evaluate-plans.js';
import { defaultScanOptions } from '../../src/index.js';
import type { Resource } from '../../src/model/resource.js';
import { firstUnknown, toPlain } from '../../src/model/value.js';
import { PROJECT_ROOT } from '../support/project-root.js';
import { temporaryDirectoryWith } from '../support/temporary-directory.js';

/** What a broker's `subnet_zones` holds: its entries, the reason it is unknown, or nothing. */
function subnetZonesOf(resources: Resource[], address: string): unknown {
  const broker = resources.find((resource) => resource.address === address);
  if (!broker) throw new Error(`no broker ${address} among ${resources.map((resource) => resource.address).join(', ')}`);
  const value = broker.attributes.subnet_zones?.value;
  if (!value) return 'absent';
  return value.known ? toPlain(value) : `unknown: ${firstUnknown(value)?.reason ?? ''}`;
}

async function terraformBrokers(files: Record<string, string>): Promise<Resource[]> {
  const directory = temporaryDirectoryWith(files);
  const module = { directory, files: Object.keys(files).filter((name) => name.endsWith('.tf')).map((name) => path.join(directory, name)), autoVarFiles: [] };
  const { resources, errors } = await evaluateTerraformModules([module], defaultScanOptions({ cwd: directory, env: {} }), createCachingTextReader());
  expect(errors).toEqual([]);
  return resources;
}

function broker(name: string, subnetIds: string, mode = 'ACTIVE_STANDBY_MULTI_AZ'): string {
  return `resource "aws_mq_broker" "${name}" {
  broker_name        = "${name}"
  engine_type        = "ActiveMQ"
  engine_version     = "5.18"
  host_instance_type = "mq.m5.large"
  deployment_mode    = "${mode}"
  subnet_ids         = ${subnetIds}
}
`;
}

function subnet(name: string, zone: string, extra = ''): string {
  return `resource "aws_subnet" "${name}" {
  ${extra}
  vpc_id            = "vpc-0123456789abcdef0"
  cidr_block        = "10.0.1.0/24"
  ${zone}
}
`;
}

describe('subnet_zones of Terraform brokers', () => {
  it('names each subnet and its zone, and leaves the broker’s own subnet_ids as Terraform knows them (after apply)', async () => {
    const resources = await terraformBrokers({
      'main.tf': [subnet('a', 'availability_zone = "eu-west-1a"'), subnet('b', 'availability_zone_id = "euw1-az2"'), broker('orders', '[aws_subnet.a.id, aws_subnet.b.id]')].join('\n'),
    });
    expect(subnetZonesOf(resources, 'aws_mq_broker.orders')).toEqual([
      { subnet: 'aws_subnet.a', zone: 'eu-west-1a', symbolic: false },
      { subnet: 'aws_subnet.b', zone: 'euw1-az2', symbolic: false },
    ]);
    const subnetIds = resources[0]?.attributes.subnet_ids?.value;
    expect(subnetIds?.known && Array.isArray(subnetIds.data) ? subnetIds.data.map((item) => item.known) : undefined).toEqual([false, false]);
  });

  it('follows only brokers that span zones', async () => {
    const resources = await terraformBrokers({
      'main.tf': [subnet('a', 'availability_zone = "eu-west-1a"'), broker('single', '[aws_subnet.a.id]', 'SINGLE_INSTANCE')].join('\n'),
    });
    expect(subnetZonesOf(resources, 'aws_mq_broker.single')).toBe('absent');
  });

  it('keeps entries of a zone list symbolic, per list and attribute', async () => {
    const resources = await terraformBrokers({
      'main.tf': [
        'data "aws_availability_zones" "available" {}',
        subnet('a', 'availability_zone = element(data.aws_availability_zones.available.names, 1)'),
        subnet('b', 'availability_zone_id = data.aws_availability_zones.available.zone_ids[1]'),
        broker('orders', '[aws_subnet.a.id, aws_subnet.b.id]'),
      ].join('\n'),
    });
    expect(subnetZonesOf(resources, 'aws_mq_broker.orders')).toEqual([
      { subnet: 'aws_subnet.a', zone: 'data.aws_availability_zones.available.names[1]', symbolic: true },
      { subnet: 'aws_subnet.b', zone: 'data.aws_availability_zones.available.zone_ids[1]', symbolic: true },
    ]);
  });

  it('is unknown, with the reason, wherever a subnet or its zone cannot be told', async () => {
    const resources = await terraformBrokers({
      'main.tf': [
        'data "aws_availability_zones" "available" {}',
        'data "aws_availability_zones" "counted" {\n  count = 1\n}',
        subnet('a', 'availability_zone = "eu-west-1a"'),
        subnet('chosen_by_aws', ''),
        subnet('last', 'availability_zone = element(data.aws_availability_zones.available.names, length(data.aws_availability_zones.available.names) - 1)'),
        subnet('counted_list', 'availability_zone = data.aws_availability_zones.counted[0].names[0]'),
        subnet('itself', 'availability_zone = "eu-west-1b"', 'count = length(aws_subnet.itself)'),
        broker('literal_ids', '["subnet-0a1b2c3d4e5f60718", aws_subnet.a.id]'),
        broker('interpolated', '["${aws_subnet.a.id}-x", aws_subnet.a.id]'),
        broker('aws_chooses', '[aws_subnet.a.id, aws_subnet.chosen_by_aws.id]'),
        broker('zone_count', '[aws_subnet.a.id, aws_subnet.last.id]'),
        broker('counted_list', '[aws_subnet.a.id, aws_subnet.counted_list.id]'),
        broker('itself', 'concat([aws_subnet.a.id], aws_subnet.itself[*].id)'),
      ].join('\n'),
    });
    expect(subnetZonesOf(resources, 'aws_mq_broker.literal_ids')).toBe('unknown: subnet_ids names a subnet that is not an aws_subnet of the configuration');
    expect(subnetZonesOf(resources, 'aws_mq_broker.interpolated')).toBe('unknown: subnet_ids names a subnet that is not an aws_subnet of the configuration');
    expect(subnetZonesOf(resources, 'aws_mq_broker.aws_chooses')).toBe('unknown: aws_subnet.chosen_by_aws sets no availability_zone or availability_zone_id, so AWS chooses its zone');
    expect(subnetZonesOf(resources, 'aws_mq_broker.zone_count')).toBe('unknown: the subnets or their zones depend on how many Availability Zones the region has');
    expect(subnetZonesOf(resources, 'aws_mq_broker.itself')).toBe('unknown: the count of aws_subnet.itself refers to itself');
    expect(subnetZonesOf(resources, 'aws_mq_broker.counted_list')).toMatch(/^unknown: aws_subnet\.counted_list\.availability_zone is unknown: /);
  });

  it('follows subnets through module outputs and for_each, one entry per distinct subnet', async () => {
    const resources = await terraformBrokers({
      'main.tf': [
        'module "network" {\n  source = "./network"\n  zones = { one = "eu-west-1a", two = "eu-west-1a" }\n}',
        broker('orders', 'concat(module.network.ids, [module.network.ids[0]])'),
      ].join('\n'),
      'network/main.tf': [
        'variable "zones" {}',
        subnet('this', 'availability_zone = each.value', 'for_each = var.zones'),
        'output "ids" {\n  value = values(aws_subnet.this)[*].id\n}',
      ].join('\n'),
    });
    expect(subnetZonesOf(resources, 'aws_mq_broker.orders')).toEqual([
      { subnet: 'module.network.aws_subnet.this["one"]', zone: 'eu-west-1a', symbolic: false },
      { subnet: 'module.network.aws_subnet.this["two"]', zone: 'eu-west-1a', symbolic: false },
    ]);
  });
});

describe('subnet_zones of CloudFormation brokers', () => {
  async function cloudFormationBrokers(template: string): Promise<Resource[]> {
    const directory = temporaryDirectoryWith({ 'template.yaml': template });
    const { resources, errors } = await evaluateCloudFormationTemplates([path.join(directory, 'template.yaml')], defaultScanOptions({ cwd: directory, env: {} }), createCachingTextReader());
    expect(errors).toEqual([]);
    return resources;
  }

  const cloudFormationBroker = (name: string, subnetIds: string) => `  ${name}:
    Type: AWS::AmazonMQ::Broker
    Properties:
      BrokerName: ${name}
      EngineType: ACTIVEMQ
      HostInstanceType: mq.m5.large
      DeploymentMode: ACTIVE_STANDBY_MULTI_AZ
      PubliclyAccessible: false
      SubnetIds: ${subnetIds}
`;
  const cloudFormationSubnet = (name: string, zone: string) => `  ${name}:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: vpc-0123456789abcdef0
      CidrBlock: 10.0.1.0/24
      AvailabilityZone: ${zone}
`;

  it('tells the zone lists of named Regions from the stack’s own, and follows only subnets', async () => {
    const resources = await cloudFormationBrokers(`Resources:
${cloudFormationSubnet('Own', '!Select [0, !GetAZs ""]')}
${cloudFormationSubnet('Named', '!Select [0, !GetAZs eu-west-1]')}
  Queue:
    Type: AWS::SQS::Queue
${cloudFormationBroker('Lists', '[!Ref Own, !Ref Named]')}
${cloudFormationBroker('NotASubnet', '[!Ref Own, !Ref Queue]')}
`);
    expect(subnetZonesOf(resources, 'Lists')).toEqual([
      { subnet: 'Own', zone: '!Select [0, !GetAZs ""]', symbolic: true },
      { subnet: 'Named', zone: '!Select [0, !GetAZs "eu-west-1"]', symbolic: true },
    ]);
    expect(subnetZonesOf(resources, 'NotASubnet')).toBe('unknown: the ID of resource Queue is known only after deploy');
  });
});

describe('subnet_zones of plan brokers', () => {
  const PLAN_CASE = path.join(PROJECT_ROOT, 'fixtures/MQ005/plan-create');

  /** The plan-create fixture with its plan's configuration changed, scanned with the main.tf beside it. */
  async function planBrokers(change: (configuration: { resources: Array<Record<string, unknown>> }) => void): Promise<Resource[]> {
    const directory = temporaryDirectoryWith({});
    copyFileSync(path.join(PLAN_CASE, 'main.tf'), path.join(directory, 'main.tf'));
    const plan = JSON.parse(readFileSync(path.join(PLAN_CASE, 'plan.json'), 'utf8')) as { configuration: { root_module: { resources: Array<Record<string, unknown>> } } };
    change(plan.configuration.root_module);
    writeFileSync(path.join(directory, 'plan.json'), JSON.stringify(plan, null, 2));
    const { resources, errors } = await evaluateTerraformJsonFiles([path.join(directory, 'plan.json')], defaultScanOptions({ cwd: directory, env: {} }), createCachingTextReader());
    expect(errors).toEqual([]);
    return resources;
  }

  const configured = (resources: Array<Record<string, unknown>>, address: string): Record<string, unknown> => {
    const found = resources.find((resource) => resource['address'] === address);
    if (!found) throw new Error(`no ${address} in the plan's configuration`);
    return found;
  };

  it('takes the subnets from the configuration and their zones from the plan', async () => {
    const resources = await planBrokers(() => undefined);
    expect(subnetZonesOf(resources, 'aws_mq_broker.counted')).toEqual([
      { subnet: 'aws_subnet.private[0]', zone: 'us-east-1a', symbolic: false },
      { subnet: 'aws_subnet.private[1]', zone: 'us-east-1a', symbolic: false },
    ]);
  });

  it('does not trust the configuration when the plan’s subnet_ids read a variable', async () => {
    const resources = await planBrokers((configuration) => {
      configured(configuration.resources, 'aws_mq_broker.same_zone')['expressions'] = { subnet_ids: { references: ['var.azs', 'aws_subnet.a.id', 'aws_subnet.a'] } };
    });
    expect(subnetZonesOf(resources, 'aws_mq_broker.same_zone')).toBe('unknown: subnet_ids refers to var.azs, whose value the plan does not record');
  });

  it('does not trust the configuration when the number of subnets depends on a variable', async () => {
    const resources = await planBrokers((configuration) => {
      configured(configuration.resources, 'aws_subnet.private')['count_expression'] = { references: ['var.azs'] };
    });
    expect(subnetZonesOf(resources, 'aws_mq_broker.counted')).toBe('unknown: the number of aws_subnet.private depends on values the plan may set differently');
  });
});
