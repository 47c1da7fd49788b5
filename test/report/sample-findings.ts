import * as path from 'node:path';
import type { FileError, Finding, Notice, ScanResult } from '../../src/model/finding.js';
import type { Resource } from '../../src/model/resource.js';
import type { RuleMetadata } from '../../src/model/rule.js';
import { LineIndex, type SourceLocation } from '../../src/model/source.js';
import { known, type Origin } from '../../src/model/value.js';
import type { ReportInput } from '../../src/report/report-input.js';

/** The working directory the sample files live in (nothing is read from it). */
export const SAMPLE_CWD = '/work/project';

/** Source texts of the sample, by path relative to the working directory. */
export const SAMPLE_SOURCES: Readonly<Record<string, string>> = {
  'main.tf': [
    'resource "aws_mq_broker" "orders" {',
    '  broker_name        = "orders"',
    '  engine_type        = "ActiveMQ"',
    '  engine_version     = "5.18"',
    '  host_instance_type = "mq.m5.large"',
    '  deployment_mode    = var.deployment_mode',
    '',
    '  user {',
    '    username = "app"',
    '    password = var.mq_password',
    '  }',
    '}',
    '',
    'module "legacy_queue" {',
    '  source = "git::https://example.com/mq.git"',
    '}',
    '',
  ].join('\n'),
  'variables.tf': [
    'variable "deployment_mode" {',
    '  type    = string',
    '  default = "SINGLE_INSTANCE"',
    '}',
    '',
  ].join('\n'),
  'stacks/events.cfn.yaml': [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Resources:',
    '  EventsBroker:',
    '    Type: AWS::AmazonMQ::Broker',
    '    Properties:',
    '      BrokerName: events',
    '      EngineType: RABBITMQ',
    '      EngineVersion: "3.13"',
    '      HostInstanceType: mq.m5.large',
    '      DeploymentMode: SINGLE_INSTANCE',
    '      PubliclyAccessible: false',
    '',
  ].join('\n'),
};

/** Metadata of the two rules the sample findings come from, sorted by id. */
export const SAMPLE_RULES: RuleMetadata[] = [
  {
    id: 'MQ001',
    slug: 'single-instance-activemq',
    title: 'ActiveMQ brokers should use active/standby deployment',
    level: 'error',
    rationale:
      'A `SINGLE_INSTANCE` ActiveMQ broker is unavailable during maintenance windows and when its Availability Zone fails.',
    remediation:
      'Set `deployment_mode` to `ACTIVE_STANDBY_MULTI_AZ` and give the broker two subnets. The mode cannot be changed in place: **the broker is replaced**.',
    helpUri: 'https://github.com/example/iac-mq-lint/blob/main/docs/rules/MQ001.md',
    formats: ['terraform', 'cloudformation', 'terraform-plan'],
    controls: ['Security Hub MQ.5', 'AWS Config mq-active-deployment-mode'],
    tags: ['reliability', 'amazon-mq'],
    appliesIn: 'production',
  securitySeverity: '3.0',
    messages: {
      singleInstance: 'ActiveMQ broker {broker} uses deployment mode {mode}; use ACTIVE_STANDBY_MULTI_AZ.',
    },
    implementation: { language: 'rego', package: 'iac_mq_lint.rules.mq001' },
  },
  {
    id: 'MQ002',
    slug: 'single-instance-rabbitmq',
    title: 'RabbitMQ brokers should use cluster deployment',
    level: 'warning',
    rationale: 'A `SINGLE_INSTANCE` RabbitMQ broker has no replica in another Availability Zone.',
    remediation: 'Set `DeploymentMode` to `CLUSTER_MULTI_AZ` (three nodes, replaces the broker).',
    helpUri: 'https://github.com/example/iac-mq-lint/blob/main/docs/rules/MQ002.md',
    formats: ['terraform', 'cloudformation', 'terraform-plan'],
    controls: ['Security Hub MQ.6'],
    tags: ['reliability', 'amazon-mq'],
    appliesIn: 'production',
  securitySeverity: '3.0',
    messages: {
      singleInstance: 'RabbitMQ broker {broker} uses deployment mode {mode}; use CLUSTER_MULTI_AZ.',
    },
    implementation: { language: 'rego', package: 'iac_mq_lint.rules.mq002' },
  },
];

/** The tool identity the reporters print. */
export const SAMPLE_TOOL = {
  name: 'iac-mq-lint',
  version: '0.1.0',
  informationUri: 'https://github.com/example/iac-mq-lint',
};

/** The location of the `occurrence`-th `needle` in a sample file, as a parser would report it. */
export function locate(cwd: string, file: string, needle: string, occurrence = 1): SourceLocation {
  const text = SAMPLE_SOURCES[file];
  if (text === undefined) throw new Error(`no sample file ${file}`);
  let offset = -1;
  for (let seen = 0; seen < occurrence; seen++) {
    offset = text.indexOf(needle, offset + 1);
    if (offset < 0) throw new Error(`${needle} not found in ${file}`);
  }
  return { file: path.join(cwd, file), range: new LineIndex(text).rangeAt(offset, offset + needle.length) };
}

function origin(cwd: string, file: string, needle: string, role: Origin['role'], label?: string): Origin {
  const location = locate(cwd, file, needle);
  return label === undefined ? { ...location, role } : { ...location, role, label };
}

/** The Terraform ActiveMQ broker whose mode comes from a variable default. */
export function sampleTerraformBroker(cwd: string): Resource {
  return {
    address: 'aws_mq_broker.orders',
    root: cwd,
    kind: 'amazonmq.broker',
    sourceType: 'aws_mq_broker',
    format: 'terraform',
    location: locate(cwd, 'main.tf', 'resource "aws_mq_broker" "orders"'),
    moduleCalls: [],
    attributes: {
      broker_name: { path: 'broker_name', value: known('orders', origin(cwd, 'main.tf', '"orders"', 'literal')), defaulted: false },
      engine: { path: 'engine_type', value: known('ActiveMQ', origin(cwd, 'main.tf', '"ActiveMQ"', 'literal')), defaulted: false },
      deployment_mode: {
        path: 'deployment_mode',
        value: known('SINGLE_INSTANCE', origin(cwd, 'variables.tf', '"SINGLE_INSTANCE"', 'variable-default', 'var.deployment_mode'), [
          origin(cwd, 'main.tf', 'var.deployment_mode', 'expression', 'var.deployment_mode'),
        ]),
        defaulted: false,
      },
    },
    references: [],
  };
}

/** The CloudFormation RabbitMQ broker with a literal single-instance mode. */
export function sampleCloudFormationBroker(cwd: string): Resource {
  return {
    address: 'EventsBroker',
    root: path.join(cwd, 'stacks/events.cfn.yaml'),
    kind: 'amazonmq.broker',
    sourceType: 'AWS::AmazonMQ::Broker',
    format: 'cloudformation',
    location: locate(cwd, 'stacks/events.cfn.yaml', 'EventsBroker'),
    moduleCalls: [],
    attributes: {
      engine: {
        path: 'Properties.EngineType',
        value: known('RABBITMQ', origin(cwd, 'stacks/events.cfn.yaml', 'RABBITMQ', 'literal')),
        defaulted: false,
      },
      deployment_mode: {
        path: 'Properties.DeploymentMode',
        value: known('SINGLE_INSTANCE', origin(cwd, 'stacks/events.cfn.yaml', 'SINGLE_INSTANCE', 'literal')),
        defaulted: false,
      },
    },
    references: [],
  };
}

/** One MQ001 finding (with a related location) and one MQ002 finding, in engine order (not report order). */
export function sampleFindings(cwd: string): Finding[] {
  return [
    {
      ruleId: 'MQ001',
      ruleSlug: 'single-instance-activemq',
      level: 'error',
      messageId: 'singleInstance',
      message: 'ActiveMQ broker aws_mq_broker.orders uses deployment mode SINGLE_INSTANCE; use ACTIVE_STANDBY_MULTI_AZ.',
      params: { mode: 'SINGLE_INSTANCE', broker: 'aws_mq_broker.orders' },
      resource: sampleTerraformBroker(cwd),
      attribute: 'deployment_mode',
      location: locate(cwd, 'variables.tf', '"SINGLE_INSTANCE"'),
      related: [{ ...locate(cwd, 'main.tf', 'var.deployment_mode'), message: 'deployment_mode is set from var.deployment_mode' }],
      environment: 'production',
      contexts: [
        {
          name: 'prod.tfvars',
          environment: 'production',
          reason: 'tag Environment=prod; var file prod.tfvars',
          evidence: [
            { kind: 'tag', description: 'tag Environment=prod', name: 'prod', location: locate(cwd, 'main.tf', 'var.deployment_mode') },
            { kind: 'context-name', description: 'var file prod.tfvars', name: 'prod.tfvars' },
          ],
        },
      ],
      fingerprint: '4f0c2b7e9a1d5c3e',
    },
    {
      ruleId: 'MQ002',
      ruleSlug: 'single-instance-rabbitmq',
      level: 'warning',
      messageId: 'singleInstance',
      message: 'RabbitMQ broker EventsBroker uses deployment mode SINGLE_INSTANCE; use CLUSTER_MULTI_AZ.',
      params: { broker: 'EventsBroker', mode: 'SINGLE_INSTANCE' },
      resource: sampleCloudFormationBroker(cwd),
      attribute: 'deployment_mode',
      location: locate(cwd, 'stacks/events.cfn.yaml', 'SINGLE_INSTANCE'),
      related: [],
      environment: 'unknown',
      contexts: [{ name: 'default', environment: 'unknown', reason: 'no environment evidence', evidence: [] }],
      fingerprint: '9d81e3a05b6f7c24',
    },
  ];
}

/** A parse error with a position and a read error without one. */
export function sampleFileErrors(cwd: string): FileError[] {
  return [
    { file: path.join(cwd, 'secrets/unreadable.cfn.json'), message: 'EACCES: permission denied' },
    { file: path.join(cwd, 'broken.tf'), line: 4, column: 3, message: 'Invalid expression: expected a value after "="' },
  ];
}

/** A module whose brokers could not be checked because its source is not on disk. */
export function sampleNotices(cwd: string): Notice[] {
  return [
    {
      file: path.join(cwd, 'main.tf'),
      line: 15,
      column: 12,
      message: 'Module legacy_queue is not on disk (run terraform init); its brokers were not checked',
    },
  ];
}

/** A report input over the sample; `errors: false` leaves out the file errors and notices. */
export function sampleInput(options: { cwd?: string; errors?: boolean } = {}): ReportInput {
  const cwd = options.cwd ?? SAMPLE_CWD;
  const result: ScanResult = {
    findings: sampleFindings(cwd),
    errors: options.errors === false ? [] : sampleFileErrors(cwd),
    notices: options.errors === false ? [] : sampleNotices(cwd),
    deployments: [],
    brokers: [
      { root: cwd, address: 'aws_mq_broker.orders', environment: 'production', highlyAvailable: false },
      { root: cwd, address: 'aws_mq_broker.payments', environment: 'production', highlyAvailable: true },
      { root: path.join(cwd, 'stacks/events.cfn.yaml'), address: 'EventsBroker', environment: 'unknown', highlyAvailable: false },
    ],
    stats: { filesDiscovered: 6, filesIndexed: 4, filesParsed: 4, filesSkipped: 2, bytesRead: 1024, resources: 2, timings: { discoverMs: 1, prefilterMs: 1, evaluateMs: 1, rulesMs: 1 } },
  };
  return {
    result,
    rules: SAMPLE_RULES,
    cwd,
    tool: SAMPLE_TOOL,
    readSource: (file) => SAMPLE_SOURCES[path.relative(cwd, file).split(path.sep).join('/')],
  };
}
