import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCachingTextReader, type TextReader } from '../../src/discover/text-cache.js';
import { CloudFormationContextScan, discoverCloudFormationContexts, type CloudFormationContext } from '../../src/environment/cloudformation-contexts.js';
import type { Evidence } from '../../src/environment/context.js';
import { evaluateCloudFormationTemplates } from '../../src/evaluate/cloudformation/evaluate-cloudformation.js';
import { defaultScanOptions } from '../../src/index.js';
import type { FileError } from '../../src/model/finding.js';
import type { Resource } from '../../src/model/resource.js';
import type { SourceLocation } from '../../src/model/source.js';
import { toPlain } from '../../src/model/value.js';
import { readCloudFormationTemplate } from '../../src/parsers/cloudformation/template-file.js';
import type { CfnTemplateFile } from '../../src/parsers/cloudformation/template-node.js';
import { PROJECT_ROOT } from '../support/project-root.js';
import { temporaryDirectoryWith } from '../support/temporary-directory.js';

const FIXTURES = path.join(PROJECT_ROOT, 'test/environment/fixtures/cloudformation');
const STRUCTURED_FILE = /\.(?:json|ya?ml|template)$/;

/** The JSON and YAML files under a directory, sorted, as discovery hands them to the CloudFormation stage. */
function structuredFilesUnder(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && STRUCTURED_FILE.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

async function readTemplate(file: string): Promise<CfnTemplateFile> {
  const template = readCloudFormationTemplate(file, await createCachingTextReader()(file));
  if (!template) throw new Error(`${file} is not a template`);
  return template;
}

interface Discovery {
  contexts: CloudFormationContext[];
  errors: FileError[];
}

/** Discovers the contexts of templates (relative to `root`) among the structured files below `root`. */
async function discover(root: string, templates: string[], parameterFiles: string[] = [], readText: TextReader = createCachingTextReader()): Promise<Discovery[]> {
  const errors: FileError[] = [];
  const scan = new CloudFormationContextScan({ cwd: FIXTURES, structuredFiles: structuredFilesUnder(root), parameterFiles, readText, errors });
  const discoveries: Discovery[] = [];
  for (const template of templates) {
    discoveries.push({ contexts: await discoverCloudFormationContexts(await readTemplate(path.join(root, template)), scan), errors });
  }
  return discoveries;
}

async function discoverOne(caseName: string, template: string, parameterFiles: string[] = []): Promise<Discovery> {
  const [discovery] = await discover(path.join(FIXTURES, caseName), [template], parameterFiles);
  if (!discovery) throw new Error('no discovery');
  return discovery;
}

/** A location as `file:line:column`, the file relative to the fixtures. */
function at(location: SourceLocation | undefined): string | undefined {
  if (!location) return undefined;
  return `${path.relative(FIXTURES, location.file)}:${location.range.start.line}:${location.range.start.column}`;
}

/** Evidence as `kind: description [name] @ location`, so expectations read like the messages. */
function describeEvidence(evidence: Evidence[]): string[] {
  return evidence.map((item) => {
    const name = item.name === undefined ? '' : ` [${item.name}]`;
    const production = item.production === undefined ? '' : ` [production=${String(item.production)}]`;
    const location = item.location ? ` @ ${at(item.location)}` : '';
    return `${item.kind}: ${item.description}${name}${production}${location}`;
  });
}

/** A context's parameters as `Name=value @ location` (`Name=? (reason)` when unknown). */
function describeParameters(context: CloudFormationContext): string[] {
  return [...context.parameters].map(([name, { value }]) =>
    value.known ? `${name}=${String(value.data)} @ ${at(value.source)}` : `${name}=? (${value.reason})`,
  );
}

function relativeFiles(files: string[] | undefined): string[] | undefined {
  return files?.map((file) => path.relative(FIXTURES, file));
}

describe('discoverCloudFormationContexts: parameter files', () => {
  it('makes one context per AWS CLI parameter file in params/, by name', async () => {
    const { contexts, errors } = await discoverOne('parameter-files', 'mq.yaml');
    expect(errors).toEqual([]);
    expect(contexts.map((context) => context.name)).toEqual(['params/dev.json', 'params/prod.json']);
    const [dev, prod] = contexts as [CloudFormationContext, CloudFormationContext];
    expect(relativeFiles(prod.files)).toEqual(['parameter-files/params/prod.json']);
    expect(relativeFiles(prod.parameterFiles)).toEqual(['parameter-files/params/prod.json']);
    expect(describeEvidence(prod.evidence)).toEqual(['context-name: parameter file params/prod.json [params/prod.json] @ parameter-files/params/prod.json:1:1']);
    expect(describeParameters(prod)).toEqual([
      'Environment=prod @ parameter-files/params/prod.json:2:55',
      'DeploymentMode=ACTIVE_STANDBY_MULTI_AZ @ parameter-files/params/prod.json:3:58',
      'SubnetIds=subnet-0a1b2c3d4e5f60718,subnet-0f1e2d3c4b5a69788 @ parameter-files/params/prod.json:4:53',
      'AdminPassword=? (parameter AdminPassword uses the previous value of the stack)',
    ]);
    expect(describeParameters(dev)[0]).toBe('Environment=dev @ parameter-files/params/dev.json:2:55');
  });

  it('leaves out a parameter file that sets a parameter the template does not declare', async () => {
    const { contexts } = await discoverOne('parameter-files', 'mq.yaml');
    expect(contexts.flatMap((context) => context.files)).not.toContain(path.join(FIXTURES, 'parameter-files/params/other-stack.json'));
  });

  it('reads a CodePipeline template configuration in a sibling config/ directory, with its stack tags', async () => {
    const { contexts, errors } = await discoverOne('template-configuration', 'templates/broker.yaml');
    expect(errors).toEqual([]);
    expect(contexts.map((context) => context.name)).toEqual(['../config/prod.json']);
    const [prod] = contexts as [CloudFormationContext];
    expect(describeEvidence(prod.evidence)).toEqual([
      'context-name: parameter file ../config/prod.json [../config/prod.json] @ template-configuration/config/prod.json:1:1',
      'tag: stack tag Environment=production [production] @ template-configuration/config/prod.json:7:21',
    ]);
    expect([...prod.stackTags].map(([key, tag]) => `${key}=${tag.value} @ ${at(tag.location)}`)).toEqual([
      'Environment=production @ template-configuration/config/prod.json:7:21',
      'team=events @ template-configuration/config/prod.json:8:14',
    ]);
    expect(describeParameters(prod)).toEqual([
      'IsProduction=true @ template-configuration/config/prod.json:3:22',
      'SubnetId=subnet-0a1b2c3d4e5f60718 @ template-configuration/config/prod.json:4:18',
    ]);
  });

  it('finds <template>.<name>.json beside the template directory by its name alone', async () => {
    const { contexts } = await discoverOne('named-files', 'cfn/orders.yaml');
    // deployments/unrelated.json fits the parameters but neither its name nor its directory says it is for orders.yaml.
    expect(contexts.map((context) => context.name)).toEqual(['../deployments/orders.prod.json']);
    expect(describeEvidence((contexts[0] as CloudFormationContext).evidence)).toEqual([
      'context-name: parameter file ../deployments/orders.prod.json [../deployments/orders.prod.json] @ named-files/deployments/orders.prod.json:1:1',
    ]);
  });

  it('makes one context of the --parameters files, named after them, for every template', async () => {
    const files = ['parameter-files/params/prod.json', 'parameter-files/params/dev.json'].map((file) => path.join(FIXTURES, file));
    const { contexts, errors } = await discoverOne('parameter-files', 'mq.yaml', files);
    expect(errors).toEqual([]);
    expect(contexts.map((context) => context.name)).toEqual(['prod.json + dev.json']);
    const [explicit] = contexts as [CloudFormationContext];
    expect(explicit.parameterFiles).toEqual(files);
    expect(explicit.files).toEqual(files);
    expect(describeEvidence(explicit.evidence)).toEqual([
      'context-name: parameter file parameter-files/params/prod.json [parameter-files/params/prod.json] @ parameter-files/params/prod.json:1:1',
      'context-name: parameter file parameter-files/params/dev.json [parameter-files/params/dev.json] @ parameter-files/params/dev.json:1:1',
    ]);
    // The later file wins.
    expect(describeParameters(explicit)[0]).toBe('Environment=dev @ parameter-files/params/dev.json:2:55');
  });

  it('reports an unreadable --parameters file and still makes the context', async () => {
    const missing = path.join(FIXTURES, 'parameter-files/params/missing.json');
    const { contexts, errors } = await discoverOne('parameter-files', 'mq.yaml', [missing]);
    expect(errors).toEqual([{ file: missing, message: 'cannot read the parameter file: no such file or directory' }]);
    expect(contexts.map((context) => context.name)).toEqual(['missing.json']);
  });

  it('reports a discovered parameter file that is not valid JSON, at the error', async () => {
    const root = temporaryDirectoryWith({
      'mq.yaml': 'AWSTemplateFormatVersion: "2010-09-09"\nParameters:\n  Environment:\n    Type: String\nResources: {}\n',
      'params/prod.json': '[\n  { "ParameterKey": "Environment", "ParameterValue": "prod" }\n  { "ParameterKey": "Stage" }\n]\n',
      'params/dev.json': '[{ "ParameterKey": "Environment", "ParameterValue": "dev" }]\n',
      // Valid JSON of another shape is another kind of file, not a broken parameter file.
      'config/state-machine.json': '{ "StartAt": "Publish", "States": { "Publish": { "Type": "Task", "Parameters": {} } } }\n',
    });
    const [discovery] = await discover(root, ['mq.yaml']);
    expect(discovery?.errors.map((error) => `${path.relative(root, error.file)}:${error.line}`)).toEqual(['params/prod.json:3']);
    expect(discovery?.contexts.map((context) => context.name)).toEqual(['params/dev.json']);
  });
});

describe('discoverCloudFormationContexts: samconfig.toml', () => {
  it('makes one context per environment that deploys the template, with its values where they are written', async () => {
    const { contexts, errors } = await discoverOne('samconfig', 'template.yaml');
    expect(errors).toEqual([]);
    expect(contexts.map((context) => context.name)).toEqual(['samconfig default', 'samconfig prod']);
    const [dev, prod] = contexts as [CloudFormationContext, CloudFormationContext];
    expect(relativeFiles(prod.files)).toEqual(['samconfig/samconfig.toml']);
    expect(describeEvidence(prod.evidence)).toEqual([
      'context-name: samconfig environment prod [prod] @ samconfig/samconfig.toml:20:1',
      'context-name: stack name orders-mq-prod [orders-mq-prod] @ samconfig/samconfig.toml:21:15',
      'tag: stack tag Environment=production [production] @ samconfig/samconfig.toml:28:40',
    ]);
    expect(describeParameters(prod)).toEqual([
      'Environment=prod @ samconfig/samconfig.toml:24:16',
      'DeploymentMode=ACTIVE_STANDBY_MULTI_AZ @ samconfig/samconfig.toml:25:19',
      'BrokerName=orders-prod @ samconfig/samconfig.toml:26:15',
    ]);
    expect(toPlain(prod.pseudoParameters.get('AWS::StackName') ?? { known: false, reason: '', trail: [] })).toBe('orders-mq-prod');
    expect(describeEvidence(dev.evidence)).toEqual([
      'context-name: samconfig environment default [default] @ samconfig/samconfig.toml:8:1',
      'context-name: stack name orders-mq [orders-mq] @ samconfig/samconfig.toml:6:15',
      'tag: stack tag Environment=dev [dev] @ samconfig/samconfig.toml:13:42',
    ]);
    expect(describeParameters(dev)).toEqual([
      'Environment=dev @ samconfig/samconfig.toml:12:38',
      'DeploymentMode=SINGLE_INSTANCE @ samconfig/samconfig.toml:12:59',
      'BrokerName=orders dev @ samconfig/samconfig.toml:12:88',
    ]);
  });

  it('gives an environment whose template_file names another template to that template only', async () => {
    const { contexts } = await discoverOne('samconfig', 'reports.yaml');
    // The environments without template_file deploy SAM's default, template.yaml.
    expect(contexts.map((context) => context.name)).toEqual(['samconfig reports']);
  });

  it('gives an environment without template_file to any template of a directory without template.yaml', async () => {
    const root = temporaryDirectoryWith({
      'broker.yaml': 'AWSTemplateFormatVersion: "2010-09-09"\nResources: {}\n',
      'samconfig.toml': 'version = 0.1\n[prod.deploy.parameters]\nstack_name = "mq-prod"\n',
    });
    const [discovery] = await discover(root, ['broker.yaml']);
    expect(
      discovery?.contexts.map((context) => [context.name, context.evidence.map((item) => `${item.description} @ ${item.location?.range.start.line}:${item.location?.range.start.column}`)]),
    ).toEqual([['samconfig prod', ['samconfig environment prod @ 2:1', 'stack name mq-prod @ 3:15']]]);
  });

  it('reports a samconfig.toml that is not TOML, and keeps the contexts found otherwise', async () => {
    const { contexts, errors } = await discoverOne('bad-samconfig', 'template.yaml');
    expect(errors.map((error) => [path.relative(FIXTURES, error.file), error.line])).toEqual([['bad-samconfig/samconfig.toml', 5]]);
    expect(errors[0]?.message).toMatch(/^invalid TOML: /);
    expect(contexts.map((context) => context.name)).toEqual(['params/prod.json']);
  });
});

describe('discoverCloudFormationContexts: without parameter files', () => {
  it('makes one context per allowed value of an environment parameter', async () => {
    const { contexts } = await discoverOne('allowed-values', 'template.yaml');
    expect(contexts.map((context) => context.name)).toEqual(['Environment=dev', 'Environment=prod', 'Environment=staging']);
    const prod = contexts[1] as CloudFormationContext;
    expect(describeEvidence(prod.evidence)).toEqual(['value: parameter Environment = prod (AllowedValues) [prod] @ allowed-values/template.yaml:9:35']);
    expect(describeParameters(prod)).toEqual(['Environment=prod @ allowed-values/template.yaml:9:35']);
  });

  it('makes one default context when nothing tells deployments apart', async () => {
    const [discovery] = await discover(path.join(FIXTURES, 'named-files/cfn'), ['orders.yaml']);
    expect(discovery?.contexts.map((context) => [context.name, context.evidence, context.parameters.size])).toEqual([['default', [], 0]]);
  });

  it('names the stack of a CDK cloud assembly in every context', async () => {
    const root = path.join(PROJECT_ROOT, 'fixtures/MQ001/cfn-cdk-out');
    const [discovery] = await discover(root, ['OrdersStack.template.json']);
    expect(discovery?.contexts.map((context) => context.name)).toEqual(['default']);
    expect(discovery?.contexts[0]?.evidence.map((item) => [item.kind, item.description, item.name])).toEqual([
      ['context-name', 'stack name OrdersStack', 'OrdersStack'],
    ]);
    expect(discovery?.contexts[0]?.pseudoParameters.has('AWS::StackName')).toBe(true);
  });

  it('reads and parses each file at most once for all the templates of a scan', async () => {
    const reads = new Map<string, number>();
    const counting: TextReader = (file) => {
      reads.set(file, (reads.get(file) ?? 0) + 1);
      return createCachingTextReader()(file);
    };
    await discover(path.join(FIXTURES, 'samconfig'), ['template.yaml', 'reports.yaml'], [], counting);
    await discover(path.join(FIXTURES, 'parameter-files'), ['mq.yaml', 'mq.yaml'], [], counting);
    expect(reads.get(path.join(FIXTURES, 'samconfig/samconfig.toml'))).toBe(1);
    expect(reads.get(path.join(FIXTURES, 'parameter-files/params/prod.json'))).toBe(1);
    expect([...reads].filter(([, count]) => count > 1)).toEqual([]);
  });
});

/** The brokers of a fixture case, evaluated as a scan of its directory would. */
async function brokersOf(root: string): Promise<{ resources: Resource[]; errors: FileError[] }> {
  const options = defaultScanOptions({ cwd: root, env: {} });
  return evaluateCloudFormationTemplates(structuredFilesUnder(root), options, createCachingTextReader());
}

/** Each broker as `address in context: evidence…`, sorted by context. */
function describeBrokers(resources: Resource[]): Array<[string, string[]]> {
  return resources
    .map((resource): [string, string[]] => [`${resource.address} in ${resource.context?.name ?? '?'}`, describeEvidence(resource.context?.evidence ?? [])])
    .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
}

describe('evaluateCloudFormationTemplates: evidence per broker', () => {
  it('evaluates the template once per parameter file, with the parameter value and the broker tag it sets', async () => {
    const { resources, errors } = await brokersOf(path.join(FIXTURES, 'parameter-files'));
    expect(errors).toEqual([]);
    expect(describeBrokers(resources)).toEqual([
      [
        'OrdersBroker in params/dev.json',
        [
          'context-name: parameter file params/dev.json [params/dev.json] @ parameter-files/params/dev.json:1:1',
          'directory: template mq.yaml [mq.yaml]',
          'value: parameter Environment = dev [dev] @ parameter-files/params/dev.json:2:55',
          'tag: tag Environment=dev [dev] @ parameter-files/params/dev.json:2:55',
        ],
      ],
      [
        'OrdersBroker in params/prod.json',
        [
          'context-name: parameter file params/prod.json [params/prod.json] @ parameter-files/params/prod.json:1:1',
          'directory: template mq.yaml [mq.yaml]',
          'value: parameter Environment = prod [prod] @ parameter-files/params/prod.json:2:55',
          'tag: tag Environment=prod [prod] @ parameter-files/params/prod.json:2:55',
        ],
      ],
    ]);
    const modes = resources.map((resource) => `${resource.context?.name}: ${String(toPlain(resource.attributes.deployment_mode?.value ?? { known: false, reason: '', trail: [] }))}`);
    expect(modes.sort()).toEqual(['params/dev.json: SINGLE_INSTANCE', 'params/prod.json: ACTIVE_STANDBY_MULTI_AZ']);
  });

  it('reads a production flag, from the parameter file or else the Default', async () => {
    const withConfiguration = await brokersOf(path.join(FIXTURES, 'template-configuration'));
    expect(describeBrokers(withConfiguration.resources)).toEqual([
      [
        'EventsBroker in ../config/prod.json',
        [
          'context-name: parameter file ../config/prod.json [../config/prod.json] @ template-configuration/config/prod.json:1:1',
          'tag: stack tag Environment=production [production] @ template-configuration/config/prod.json:7:21',
          'directory: template templates/broker.yaml [templates/broker.yaml]',
          'flag: parameter IsProduction = true [production=true] @ template-configuration/config/prod.json:3:22',
        ],
      ],
    ]);
    const alone = await brokersOf(path.join(FIXTURES, 'template-configuration/templates'));
    expect(describeBrokers(alone.resources)).toEqual([
      ['EventsBroker in default', ['directory: template broker.yaml [broker.yaml]', 'flag: parameter IsProduction = false [production=false] @ template-configuration/templates/broker.yaml:10:15']],
    ]);
  });

  it('does not repeat the allowed value a context picked as the parameter value', async () => {
    const { resources } = await brokersOf(path.join(FIXTURES, 'allowed-values'));
    expect(describeBrokers(resources).find(([broker]) => broker === 'OrdersBroker in Environment=prod')?.[1]).toEqual([
      'value: parameter Environment = prod (AllowedValues) [prod] @ allowed-values/template.yaml:9:35',
      'directory: template template.yaml [template.yaml]',
      'tag: tag Environment=prod [prod] @ allowed-values/template.yaml:9:35',
    ]);
  });

  it('resolves AWS::StackName from the samconfig environment', async () => {
    const { resources } = await brokersOf(path.join(FIXTURES, 'samconfig'));
    const stackTags = resources.map((resource) => `${resource.address} in ${resource.context?.name}: ${JSON.stringify(toPlain(resource.attributes.tags?.value ?? { known: false, reason: '', trail: [] }))}`);
    expect(stackTags.sort()).toEqual([
      'OrdersBroker in samconfig default: {"stack":"orders-mq"}',
      'OrdersBroker in samconfig prod: {"stack":"orders-mq-prod"}',
      'ReportsBroker in samconfig reports: undefined',
    ]);
  });

  it('evaluates a nested stack in its parent context, with the evidence of the parent', async () => {
    const root = temporaryDirectoryWith({
      'parent.yaml': [
        'AWSTemplateFormatVersion: "2010-09-09"',
        'Parameters:',
        '  Stage:',
        '    Type: String',
        '    AllowedValues: [dev, prod]',
        'Resources:',
        '  Messaging:',
        '    Type: AWS::CloudFormation::Stack',
        '    Properties:',
        '      TemplateURL: ./child.yaml',
        '      Parameters:',
        '        Mode: !If [IsProd, ACTIVE_STANDBY_MULTI_AZ, SINGLE_INSTANCE]',
        'Conditions:',
        '  IsProd: !Equals [!Ref Stage, prod]',
        '',
      ].join('\n'),
      'child.yaml': [
        'AWSTemplateFormatVersion: "2010-09-09"',
        'Parameters:',
        '  Mode:',
        '    Type: String',
        'Resources:',
        '  Broker:',
        '    Type: AWS::AmazonMQ::Broker',
        '    Properties:',
        '      BrokerName: orders',
        '      EngineType: ACTIVEMQ',
        '      HostInstanceType: mq.m5.large',
        '      DeploymentMode: !Ref Mode',
        '      PubliclyAccessible: false',
        '      Users: []',
        '',
      ].join('\n'),
    });
    const { resources } = await brokersOf(root);
    expect(resources.map((resource) => [resource.address, resource.context?.name, resource.context?.evidence.map((item) => item.description)])).toEqual([
      ['Messaging/Broker', 'Stage=dev', ['parameter Stage = dev (AllowedValues)', 'template parent.yaml']],
      ['Messaging/Broker', 'Stage=prod', ['parameter Stage = prod (AllowedValues)', 'template parent.yaml']],
    ]);
    expect(resources.map((resource) => toPlain(resource.attributes.deployment_mode?.value ?? { known: false, reason: '', trail: [] }))).toEqual([
      'SINGLE_INSTANCE',
      'ACTIVE_STANDBY_MULTI_AZ',
    ]);
  });
});
