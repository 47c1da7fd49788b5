import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { temporaryDirectoryWith } from '../support/temporary-directory.js';

// These tests pin how brokers are evaluated and reported, so every deployment counts as production;
// test/environment covers how environments are decided.
const IN_PRODUCTION = ['--environment', 'production'];


/**
 * A template with one ActiveMQ broker; `DeploymentMode` is on line 10 when `mode` is one line. It has an audit log
 * and an owner, so that only its deployment mode can be reported.
 */
function brokerTemplate(mode: string, logicalId = 'OrdersBroker'): string {
  return `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  ${logicalId}:
    Type: AWS::AmazonMQ::Broker
    Properties:
      BrokerName: orders
      EngineType: ACTIVEMQ
      EngineVersion: "5.18"
      HostInstanceType: mq.m5.large
${mode}
      PubliclyAccessible: false
      AutoMinorVersionUpgrade: true
      SubnetIds: [subnet-0a1b2c3d4e5f60718]
      Users:
        - Username: orders_admin
          Password: "{{resolve:secretsmanager:orders/mq-admin:SecretString:password}}"
      Logs: {Audit: true}
      Tags: [{Key: Owner, Value: orders}]
`;
}

const SINGLE_INSTANCE_TEMPLATE = brokerTemplate('      DeploymentMode: SINGLE_INSTANCE');
// `SINGLE_INSTANCE` starts at column 23 of line 10.
const SINGLE_INSTANCE_FINDING = 'error  ActiveMQ broker OrdersBroker uses deployment mode SINGLE_INSTANCE';
// An active/standby pair takes two subnets (MQ004).
const HIGHLY_AVAILABLE_TEMPLATE = brokerTemplate('      DeploymentMode: ACTIVE_STANDBY_MULTI_AZ').replace(
  'SubnetIds: [subnet-0a1b2c3d4e5f60718]',
  'SubnetIds: [subnet-0a1b2c3d4e5f60718, subnet-0f1e2d3c4b5a69788]',
);

/** The CLI's `file:line:col  error  message` lines about one file. */
function errorLinesAbout(stdout: string, file: string): string[] {
  return stdout.split('\n').filter((line) => line.startsWith(`${file}:`) && line.includes('  error  '));
}

/** Neither a JavaScript stack trace nor an internal exception made it to the output. */
function expectNoCrash(run: { stdout: string; stderr: string }): void {
  expect(run.stderr).toBe('');
  expect(run.stdout).not.toMatch(/\bat .*\.[jt]s:\d+/);
  expect(run.stdout).not.toMatch(/RangeError|TypeError|Maximum call stack/);
}

describe('CloudFormation input the scanner cannot evaluate', () => {
  it('exits 2 for a broker without DeploymentMode, which CloudFormation requires, pointing into the resource', async () => {
    // Lines 3-16 are the OrdersBroker resource, with no DeploymentMode line.
    const template = brokerTemplate('      StorageType: EFS');
    const root = temporaryDirectoryWith({ 'template.yaml': template });
    const run = await runCli([...IN_PRODUCTION, '.'], root);
    expectNoCrash(run);
    expect(run.exitCode).toBe(2);
    const [error, ...others] = errorLinesAbout(run.stdout, 'template.yaml');
    expect(others).toEqual([]);
    expect(error).toMatch(/^template\.yaml:\d+:\d+ {2}error {2}AWS::AmazonMQ::Broker OrdersBroker has no DeploymentMode/);
    const line = Number(/^template\.yaml:(\d+):/.exec(error ?? '')?.[1]);
    expect(line).toBeGreaterThanOrEqual(3);
    expect(line).toBeLessThanOrEqual(16);
    expect(run.stdout).not.toContain('uses deployment mode');
  });

  it('exits 2 when Fn::If removes DeploymentMode with AWS::NoValue', async () => {
    const template = brokerTemplate('      DeploymentMode: !If [IsProduction, ACTIVE_STANDBY_MULTI_AZ, !Ref "AWS::NoValue"]').replace(
      'Resources:\n',
      'Parameters:\n  Environment:\n    Type: String\n    Default: dev\nConditions:\n  IsProduction: !Equals [!Ref Environment, prod]\nResources:\n',
    );
    const root = temporaryDirectoryWith({ 'template.yaml': template });
    const run = await runCli([...IN_PRODUCTION, '.'], root);
    expectNoCrash(run);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toMatch(/^template\.yaml:\d+:\d+ {2}error {2}AWS::AmazonMQ::Broker OrdersBroker has no DeploymentMode/m);
  });

  it('exits 2 for invalid YAML in a template, naming file and line, and still reports the other templates', async () => {
    const broken = SINGLE_INSTANCE_TEMPLATE.replace('      EngineType: ACTIVEMQ\n', '      EngineType: ACTIVEMQ: extra\n');
    const root = temporaryDirectoryWith({ 'broken/template.yaml': broken, 'good/template.yaml': SINGLE_INSTANCE_TEMPLATE });
    const run = await runCli([...IN_PRODUCTION, '.'], root);
    expectNoCrash(run);
    expect(run.exitCode).toBe(2);
    // `EngineType: ACTIVEMQ: extra` is line 7.
    expect(errorLinesAbout(run.stdout, 'broken/template.yaml')).toEqual([expect.stringMatching(/^broken\/template\.yaml:7(:\d+)? {2}error {2}\S/)]);
    expect(run.stdout).toContain(`good/template.yaml:10:23  ${SINGLE_INSTANCE_FINDING}`);
  });

  it('ignores invalid YAML in files that are not templates', async () => {
    const root = temporaryDirectoryWith({
      '.github/workflows/ci.yml': [
        'name: ci',
        'on: [push]',
        'jobs:',
        '  lint:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - run: echo "lints every AWS::AmazonMQ::Broker"',
        '      - run: [unclosed',
        '',
      ].join('\n'),
      'k8s/broker.yaml': [
        'apiVersion: mq.services.k8s.aws/v1alpha1',
        'kind: Broker',
        'metadata:',
        '  name: orders # the ACK resource behind an AWS::AmazonMQ::Broker',
        'spec:',
        '  deploymentMode: SINGLE_INSTANCE',
        '   engineType: ActiveMQ',
        '',
      ].join('\n'),
      'infra/template.yaml': SINGLE_INSTANCE_TEMPLATE,
    });
    const run = await runCli([...IN_PRODUCTION, '.'], root);
    expectNoCrash(run);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain(`infra/template.yaml:10:23  ${SINGLE_INSTANCE_FINDING}`);
    expect(run.stdout).not.toContain('ci.yml');
    expect(run.stdout).not.toContain('k8s/broker.yaml');
  });

  it('ignores invalid YAML in a non-template when nothing else is wrong', async () => {
    const root = temporaryDirectoryWith({
      'k8s/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: 1\n   template: {\n',
      'template.yaml': HIGHLY_AVAILABLE_TEMPLATE,
    });
    const run = await runCli([...IN_PRODUCTION, '.'], root);
    expectNoCrash(run);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('No problems found.');
  });

  it('exits 2 for an unknown short-form tag, naming file and line', async () => {
    const root = temporaryDirectoryWith({ 'template.yaml': brokerTemplate('      DeploymentMode: !Foo SINGLE_INSTANCE') });
    const run = await runCli([...IN_PRODUCTION, '.'], root);
    expectNoCrash(run);
    expect(run.exitCode).toBe(2);
    expect(errorLinesAbout(run.stdout, 'template.yaml')).toEqual([expect.stringMatching(/^template\.yaml:10:\d+ {2}error {2}.*!Foo/)]);
  });

  it('exits 2 quickly for an alias bomb, without crashing', async () => {
    const levels = 'abcdefghij'.split('');
    const aliases = levels.map((name, index) => {
      const previous = levels[index - 1];
      const items = previous === undefined ? Array(10).fill('"lol"') : Array(10).fill(`*${previous}`);
      return `  ${name}: &${name} [${items.join(', ')}]`;
    });
    const bomb = `AWSTemplateFormatVersion: "2010-09-09"\nMetadata:\n${aliases.join('\n')}\n${SINGLE_INSTANCE_TEMPLATE.split('\n').slice(1).join('\n')}`.replace(
      '      PubliclyAccessible: false\n',
      '      PubliclyAccessible: false\n      Tags: *j\n',
    );
    const root = temporaryDirectoryWith({ 'template.yaml': bomb });
    const started = performance.now();
    const run = await runCli([...IN_PRODUCTION, '.'], root);
    const elapsedMs = performance.now() - started;
    expectNoCrash(run);
    expect(run.exitCode).toBe(2);
    expect(errorLinesAbout(run.stdout, 'template.yaml')).not.toEqual([]);
    expect(elapsedMs).toBeLessThan(5_000);
  }, 30_000);

  it('exits 2 for a Handlebars template that is not YAML yet, naming file and line', async () => {
    const handlebars = brokerTemplate(
      ['{{#if prod}}', '      DeploymentMode: ACTIVE_STANDBY_MULTI_AZ', '{{else}}', '      DeploymentMode: SINGLE_INSTANCE', '{{/if}}'].join('\n'),
    );
    const root = temporaryDirectoryWith({ 'template.yaml': handlebars });
    const run = await runCli([...IN_PRODUCTION, '.'], root);
    expectNoCrash(run);
    expect(run.exitCode).toBe(2);
    // `{{#if prod}}` is line 10, the first line that is not YAML.
    expect(errorLinesAbout(run.stdout, 'template.yaml')[0]).toMatch(/^template\.yaml:10(:\d+)? {2}error {2}\S/);
  });

  it('reads a JSON template that starts with a UTF-8 byte order mark', async () => {
    const template = {
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: {
        OrdersBroker: {
          Type: 'AWS::AmazonMQ::Broker',
          Properties: {
            BrokerName: 'orders',
            EngineType: 'ACTIVEMQ',
            EngineVersion: '5.18',
            HostInstanceType: 'mq.m5.large',
            DeploymentMode: 'SINGLE_INSTANCE',
            PubliclyAccessible: false,
            AutoMinorVersionUpgrade: true,
            SubnetIds: ['subnet-0a1b2c3d4e5f60718'],
            Users: [{ Username: 'orders_admin', Password: '{{resolve:secretsmanager:orders/mq-admin:SecretString:password}}' }],
          },
        },
      },
    };
    const text = `\uFEFF${JSON.stringify(template, null, 2)}\n`;
    // `"DeploymentMode": "SINGLE_INSTANCE",` is line 11.
    expect(text.split('\n')[10]).toContain('"DeploymentMode": "SINGLE_INSTANCE"');
    // On the first line, columns count characters as an editor shows them: the mark is not one of them.
    const compact = `{"Resources": {"Compact": {"Type": "AWS::AmazonMQ::Broker", "Properties": {"EngineType": "ACTIVEMQ", "DeploymentMode": "SINGLE_INSTANCE"}}}}`;
    const compactColumn = compact.indexOf('SINGLE_INSTANCE') + 1;
    const root = temporaryDirectoryWith({ 'template.json': text, 'compact.json': `\uFEFF${compact}\n` });
    const run = await runCli([...IN_PRODUCTION, '.'], root);
    expectNoCrash(run);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/^template\.json:11:\d+ {2}error {2}ActiveMQ broker OrdersBroker uses deployment mode SINGLE_INSTANCE/m);
    expect(run.stdout).toContain(`compact.json:1:${compactColumn}  error  ActiveMQ broker Compact uses deployment mode SINGLE_INSTANCE`);
  });

  it.for([
    { syntax: 'JSON', file: 'template.json', deep: `${'['.repeat(20_000)}${']'.repeat(20_000)}` },
    { syntax: 'YAML', file: 'template.yaml', deep: `${'['.repeat(20_000)}${']'.repeat(20_000)}` },
  ])('exits 2 with a message for 20,000-deep nesting in a $syntax template, without crashing', { timeout: 30_000 }, async ({ file, deep }) => {
    const text =
      file === 'template.json'
        ? `{"AWSTemplateFormatVersion": "2010-09-09", "Metadata": {"Deep": ${deep}}, "Resources": {"OrdersBroker": {"Type": "AWS::AmazonMQ::Broker", "Properties": {"BrokerName": "orders", "EngineType": "ACTIVEMQ", "HostInstanceType": "mq.m5.large", "DeploymentMode": "SINGLE_INSTANCE", "PubliclyAccessible": false}}}}\n`
        : SINGLE_INSTANCE_TEMPLATE.replace('Resources:\n', `Metadata:\n  Deep: ${deep}\nResources:\n`);
    const root = temporaryDirectoryWith({ [file]: text });
    const run = await runCli([...IN_PRODUCTION, '.'], root);
    expectNoCrash(run);
    expect(run.exitCode).toBe(2);
    expect(errorLinesAbout(run.stdout, file)).toEqual([expect.stringMatching(/ {2}error {2}.*(deep|nest)/i)]);
  });

  it('ignores a 1 MB JSON file that is not a template, even one that names the broker type', async () => {
    const resourceTypes: Record<string, unknown> = {};
    // About 400 bytes each: 3,000 types make more than 1 MB, as the real resource specification does many times over.
    for (let index = 0; index < 3_000; index++) {
      const name = index === 500 ? 'AWS::AmazonMQ::Broker' : `AWS::Service${index}::Thing${index}`;
      resourceTypes[name] = {
        Documentation: `http://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-${index}.html`,
        Properties: {
          DeploymentMode: { PrimitiveType: 'String', Required: true, UpdateType: 'Immutable' },
          Name: { PrimitiveType: 'String', Required: false, UpdateType: 'Mutable' },
        },
        Attributes: { Arn: { PrimitiveType: 'String' } },
      };
    }
    const specification = JSON.stringify({ ResourceSpecificationVersion: '18.0.0', ResourceTypes: resourceTypes }, null, 2);
    expect(specification.length).toBeGreaterThan(1_000_000);
    const root = temporaryDirectoryWith({ 'CloudFormationResourceSpecification.json': specification, 'template.yaml': HIGHLY_AVAILABLE_TEMPLATE });
    const run = await runCli([...IN_PRODUCTION, '.'], root);
    expectNoCrash(run);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('No problems found.');
  }, 30_000);
});
