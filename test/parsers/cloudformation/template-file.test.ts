import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import type { SourceRange } from '../../../src/model/source.js';
import { INTRINSIC_TAGS } from '../../../src/parsers/cloudformation/intrinsic-tags.js';
import {
  CloudFormationSyntaxError,
  looksLikeCloudFormation,
  readCloudFormationTemplate,
} from '../../../src/parsers/cloudformation/template-file.js';
import { entryValue, findEntry, type CfnMapping, type CfnNode, type CfnTemplateFile } from '../../../src/parsers/cloudformation/template-node.js';

/** A range as `[startLine, startColumn, endLine, endColumn]`, so expectations stay readable. */
function span(range: SourceRange): [number, number, number, number] {
  return [range.start.line, range.start.column, range.end.line, range.end.column];
}

/** A tree as plain values, to compare structures. */
function plain(node: CfnNode): unknown {
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'sequence') return node.items.map(plain);
  return Object.fromEntries(node.entries.map((entry) => [entry.key, plain(entry.value)]));
}

function readTemplate(text: string, file = 'template.yaml'): CfnTemplateFile {
  const template = readCloudFormationTemplate(file, text);
  if (!template) throw new Error('not read as a template');
  return template;
}

function mappingAt(node: CfnNode | undefined, ...keys: string[]): CfnMapping {
  let current = node;
  for (const key of keys) current = current?.kind === 'mapping' ? entryValue(current, key) : undefined;
  if (current?.kind !== 'mapping') throw new Error(`no mapping at ${keys.join('.')}`);
  return current;
}

function nodeAt(mapping: CfnMapping, ...keys: string[]): CfnNode {
  const last = keys.at(-1) ?? '';
  const value = entryValue(mappingAt(mapping, ...keys.slice(0, -1)), last);
  if (!value) throw new Error(`no value at ${keys.join('.')}`);
  return value;
}

/** The only entry of a converted short-form tag. */
function onlyEntry(node: CfnNode): { key: string; keyRange: SourceRange; value: CfnNode } {
  if (node.kind !== 'mapping' || node.entries.length !== 1 || !node.entries[0]) throw new Error('not a one-entry mapping');
  return node.entries[0];
}

function syntaxErrorOf(text: string, file = 'template.yaml'): CloudFormationSyntaxError {
  try {
    readCloudFormationTemplate(file, text);
  } catch (error) {
    if (error instanceof CloudFormationSyntaxError) return error;
    throw error;
  }
  throw new Error('no syntax error');
}

function elapsed<T>(action: () => T): { result: T; milliseconds: number } {
  const started = performance.now();
  const result = action();
  return { result, milliseconds: performance.now() - started };
}

const HEADER = 'AWSTemplateFormatVersion: "2010-09-09"\n';

describe('looksLikeCloudFormation', () => {
  it('recognizes a format version, an AWS resource type or the SAM transform, in YAML and JSON', () => {
    expect(looksLikeCloudFormation('AWSTemplateFormatVersion: 2010-09-09')).toBe(true);
    expect(looksLikeCloudFormation('Resources:\n  Q:\n    Type: AWS::SQS::Queue\n')).toBe(true);
    expect(looksLikeCloudFormation('Resources:\n  Q:\n    Type: "AWS::SQS::Queue"\n')).toBe(true);
    expect(looksLikeCloudFormation('{"Resources": {"Q": {"Type" : "AWS::SQS::Queue"}}}')).toBe(true);
    expect(looksLikeCloudFormation('Transform:\n  - AWS::Serverless-2016-10-31\n')).toBe(true);
  });

  it('ignores files without those signs, and keys that merely end in Type', () => {
    expect(looksLikeCloudFormation('apiVersion: v1\nkind: ConfigMap\n')).toBe(false);
    expect(looksLikeCloudFormation('{"ResourceType": "AWS::SQS::Queue", "ItemType": "AWS::EC2::Tag"}')).toBe(false);
    expect(looksLikeCloudFormation('resource "aws_mq_broker" "this" {}')).toBe(false);
  });
});

describe('short-form tags', () => {
  /** Every short form next to the long form CloudFormation reads it as. */
  const FORMS: Array<[short: string, long: string]> = [
    ['!Ref Bucket', '{ Ref: Bucket }'],
    ['!Condition IsProduction', '{ Condition: IsProduction }'],
    ['!Sub "arn:${AWS::Partition}:s3:::${Bucket}"', '{ "Fn::Sub": "arn:${AWS::Partition}:s3:::${Bucket}" }'],
    ['!Sub ["${Name}-queue", { Name: !Ref Stage }]', '{ "Fn::Sub": ["${Name}-queue", { Name: { Ref: Stage } }] }'],
    ['!GetAtt Broker.AmqpEndpoints', '{ "Fn::GetAtt": [Broker, AmqpEndpoints] }'],
    ['!GetAtt [Broker, Arn]', '{ "Fn::GetAtt": [Broker, Arn] }'],
    ['!If [IsProduction, !Ref Large, !Ref Small]', '{ "Fn::If": [IsProduction, { Ref: Large }, { Ref: Small }] }'],
    ['!Equals [!Ref Stage, prod]', '{ "Fn::Equals": [{ Ref: Stage }, prod] }'],
    ['!And [!Condition A, !Condition B]', '{ "Fn::And": [{ Condition: A }, { Condition: B }] }'],
    ['!Or [!Condition A, !Equals [a, b]]', '{ "Fn::Or": [{ Condition: A }, { "Fn::Equals": [a, b] }] }'],
    ['!Not [!Condition A]', '{ "Fn::Not": [{ Condition: A }] }'],
    ['!FindInMap [Sizes, !Ref Stage, Instance]', '{ "Fn::FindInMap": [Sizes, { Ref: Stage }, Instance] }'],
    ['!Select [0, !GetAZs ""]', '{ "Fn::Select": [0, { "Fn::GetAZs": "" }] }'],
    ['!Join [",", [a, !GetAtt B.C]]', '{ "Fn::Join": [",", [a, { "Fn::GetAtt": [B, C] }]] }'],
    ['!Split [",", "a,b"]', '{ "Fn::Split": [",", "a,b"] }'],
    ['!ImportValue SharedVpc', '{ "Fn::ImportValue": SharedVpc }'],
    ['!ImportValue { "Fn::Sub": "${Stack}-Vpc" }', '{ "Fn::ImportValue": { "Fn::Sub": "${Stack}-Vpc" } }'],
    ['!Base64 text', '{ "Fn::Base64": text }'],
    ['!Base64 { "Fn::Sub": "x" }', '{ "Fn::Base64": { "Fn::Sub": "x" } }'],
    ['!Cidr [10.0.0.0/16, 4, 8]', '{ "Fn::Cidr": [10.0.0.0/16, 4, 8] }'],
    ['!GetAZs { Ref: AWS::Region }', '{ "Fn::GetAZs": { Ref: AWS::Region } }'],
    ['!Transform { Name: AWS::Include, Parameters: { Location: s3://b/x.yaml } }', '{ "Fn::Transform": { Name: AWS::Include, Parameters: { Location: s3://b/x.yaml } } }'],
    ['!ToJsonString { a: 1 }', '{ "Fn::ToJsonString": { a: 1 } }'],
    ['!Length [1, 2]', '{ "Fn::Length": [1, 2] }'],
    ['!Contains [[a, b], !Ref P]', '{ "Fn::Contains": [[a, b], { Ref: P }] }'],
    ['!EachMemberEquals [[a], b]', '{ "Fn::EachMemberEquals": [[a], b] }'],
    ['!EachMemberIn [[a], [b]]', '{ "Fn::EachMemberIn": [[a], [b]] }'],
    ['!RefAll AWS::EC2::VPC::Id', '{ "Fn::RefAll": AWS::EC2::VPC::Id }'],
    ['!ValueOf [P, Tag]', '{ "Fn::ValueOf": [P, Tag] }'],
    ['!ValueOfAll [AWS::EC2::Subnet::Id, VpcId]', '{ "Fn::ValueOfAll": [AWS::EC2::Subnet::Id, VpcId] }'],
  ];

  it('covers every registered tag', () => {
    const written = new Set(FORMS.flatMap(([short]) => short.match(/!\w+/g) ?? []));
    expect([...INTRINSIC_TAGS.keys()].filter((tag) => !written.has(tag))).toEqual([]);
  });

  it.each(FORMS)('reads %s as its long form', (short, long) => {
    const shortForm = readTemplate(`${HEADER}Value: ${short}\n`);
    const longForm = readTemplate(`${HEADER}Value: ${long}\n`);
    expect(plain(nodeAt(shortForm.root, 'Value'))).toEqual(plain(nodeAt(longForm.root, 'Value')));
  });

  it('puts the key range on the tag and the mapping range on the tagged node', () => {
    const template = readTemplate(
      [
        'AWSTemplateFormatVersion: "2010-09-09"',
        'Resources:',
        '  Broker:',
        '    Type: AWS::AmazonMQ::Broker',
        '    Properties:',
        '      BrokerName: !Sub "${AWS::StackName}-broker"',
        '      DeploymentMode: !If',
        '        - IsProduction',
        '        - ACTIVE_STANDBY_MULTI_AZ',
        '        - SINGLE_INSTANCE',
        '      SecurityGroups: [!Ref BrokerSecurityGroup]',
        '',
      ].join('\n'),
    );
    const brokerName = nodeAt(template.root, 'Resources', 'Broker', 'Properties', 'BrokerName');
    const sub = onlyEntry(brokerName);
    expect(sub.key).toBe('Fn::Sub');
    expect(span(sub.keyRange)).toEqual([6, 19, 6, 23]);
    expect(span(brokerName.range)).toEqual([6, 24, 6, 50]);
    expect(span(sub.value.range)).toEqual([6, 24, 6, 50]);
    expect(sub.value).toMatchObject({ kind: 'scalar', value: '${AWS::StackName}-broker' });

    const deploymentMode = nodeAt(template.root, 'Resources', 'Broker', 'Properties', 'DeploymentMode');
    const condition = onlyEntry(deploymentMode);
    expect(condition.key).toBe('Fn::If');
    expect(span(condition.keyRange)).toEqual([7, 23, 7, 26]);
    expect(span(deploymentMode.range)).toEqual([8, 9, 10, 26]);
    expect(condition.value.kind === 'sequence' && condition.value.items.map((item) => span(item.range))).toEqual([
      [8, 11, 8, 23],
      [9, 11, 9, 34],
      [10, 11, 10, 26],
    ]);

    const securityGroups = nodeAt(template.root, 'Resources', 'Broker', 'Properties', 'SecurityGroups');
    expect(securityGroups.kind).toBe('sequence');
    const reference = securityGroups.kind === 'sequence' && securityGroups.items[0] ? onlyEntry(securityGroups.items[0]) : undefined;
    expect(reference && [reference.key, span(reference.keyRange), span(reference.value.range)]).toEqual(['Ref', [11, 24, 11, 28], [11, 29, 11, 48]]);
  });

  it('splits !GetAtt on the first dot, with a range for each part, and keeps the list form', () => {
    const template = readTemplate(
      [
        HEADER.trimEnd(),
        'Outputs:',
        '  Endpoint:',
        '    Value: !GetAtt Broker.AmqpEndpoints.Primary',
        '  Quoted:',
        '    Value: !GetAtt "Broker.Arn"',
        '  Listed:',
        '    Value: !GetAtt [Broker, Arn]',
        '',
      ].join('\n'),
    );
    /** The tag's range, the arguments, their range and the range of each argument. */
    const summary = (output: string): unknown[] => {
      const { key, keyRange, value } = onlyEntry(nodeAt(template.root, 'Outputs', output, 'Value'));
      const itemSpans = value.kind === 'sequence' ? value.items.map((item) => span(item.range)) : [];
      return [key, span(keyRange), plain(value), span(value.range), itemSpans];
    };
    expect(summary('Endpoint')).toEqual(['Fn::GetAtt', [4, 12, 4, 19], ['Broker', 'AmqpEndpoints.Primary'], [4, 20, 4, 48], [[4, 20, 4, 26], [4, 27, 4, 48]]]);
    expect(summary('Quoted')).toEqual(['Fn::GetAtt', [6, 12, 6, 19], ['Broker', 'Arn'], [6, 20, 6, 32], [[6, 21, 6, 27], [6, 28, 6, 31]]]);
    expect(summary('Listed')).toEqual(['Fn::GetAtt', [8, 12, 8, 19], ['Broker', 'Arn'], [8, 20, 8, 33], [[8, 21, 8, 27], [8, 29, 8, 32]]]);
  });

  it('converts tags nested in other tags, in flow and block style', () => {
    const template = readTemplate(
      [
        HEADER.trimEnd(),
        'Value: !If',
        '  - IsProduction',
        '  - !Sub ["${X}-${Y}", { X: !Ref A, Y: !GetAtt B.Name }]',
        '  - !Ref AWS::NoValue',
        '',
      ].join('\n'),
    );
    const value = nodeAt(template.root, 'Value');
    expect(plain(value)).toEqual({
      'Fn::If': ['IsProduction', { 'Fn::Sub': ['${X}-${Y}', { X: { Ref: 'A' }, Y: { 'Fn::GetAtt': ['B', 'Name'] } }] }, { Ref: 'AWS::NoValue' }],
    });
    const branches = onlyEntry(value).value;
    const sub = branches.kind === 'sequence' ? branches.items[1] : undefined;
    expect(sub && span(onlyEntry(sub).keyRange)).toEqual([4, 5, 4, 9]);
    expect(sub && span(sub.range)).toEqual([4, 10, 4, 57]);
  });

  it('reports an unknown tag in a template, at the tag', () => {
    const error = syntaxErrorOf(`${HEADER}Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Foo bar\n`);
    expect(error).toMatchObject({ file: 'template.yaml', line: 6, column: 18 });
    expect(error.message).toBe('unknown tag !Foo: CloudFormation accepts only the short forms of its intrinsic functions');
  });

  it('reports a tag written on the wrong kind of node, and a !GetAtt without an attribute', () => {
    expect(syntaxErrorOf(`${HEADER}Value: !Ref [a, b]\n`)).toMatchObject({ message: '!Ref takes a scalar, not a sequence', line: 2, column: 8 });
    expect(syntaxErrorOf(`${HEADER}Value: !If { a: b }\n`)).toMatchObject({ message: '!If takes a sequence, not a mapping', line: 2, column: 8 });
    expect(syntaxErrorOf(`${HEADER}Value: !GetAtt Broker\n`)).toMatchObject({ message: '!GetAtt takes LogicalName.AttributeName, not "Broker"', line: 2, column: 8 });
  });

  it('leaves unknown tags alone in a document that is not a template', () => {
    const serverlessFramework = 'service: orders\nresources:\n  Resources:\n    Queue:\n      Type: AWS::SQS::Queue\ncustom:\n  secret: !vault abc\n';
    expect(readCloudFormationTemplate('serverless.yml', serverlessFramework)).toBeUndefined();
  });
});

describe('JSON templates', () => {
  it('gives keys and values their ranges, quotes included', () => {
    const text = [
      '{',
      '  "AWSTemplateFormatVersion": "2010-09-09",',
      '  "Resources": {',
      '    "Broker": {',
      '      "Type": "AWS::AmazonMQ::Broker",',
      '      "Properties": {',
      '        "DeploymentMode": { "Fn::If": ["IsProduction", "ACTIVE_STANDBY_MULTI_AZ", "SINGLE_INSTANCE"] },',
      '        "AutoMinorVersionUpgrade": true,',
      '        "StorageSize": 20,',
      '        "MaintenanceWindowStartTime": null',
      '      }',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n');
    const template = readTemplate(text, 'broker.template');
    expect(template.syntax).toBe('json');
    const broker = mappingAt(template.root, 'Resources', 'Broker');
    expect(span(broker.range)).toEqual([4, 15, 12, 6]);
    const type = findEntry(broker, 'Type');
    expect(type && [span(type.keyRange), span(type.value.range), plain(type.value)]).toEqual([[5, 7, 5, 13], [5, 15, 5, 38], 'AWS::AmazonMQ::Broker']);

    const properties = mappingAt(broker, 'Properties');
    const deploymentMode = findEntry(properties, 'DeploymentMode');
    expect(deploymentMode && span(deploymentMode.keyRange)).toEqual([7, 9, 7, 25]);
    expect(deploymentMode && span(deploymentMode.value.range)).toEqual([7, 27, 7, 103]);
    const condition = deploymentMode && onlyEntry(deploymentMode.value);
    expect(condition && [condition.key, span(condition.keyRange), span(condition.value.range)]).toEqual(['Fn::If', [7, 29, 7, 37], [7, 39, 7, 101]]);
    expect(plain(properties)).toEqual({
      DeploymentMode: { 'Fn::If': ['IsProduction', 'ACTIVE_STANDBY_MULTI_AZ', 'SINGLE_INSTANCE'] },
      AutoMinorVersionUpgrade: true,
      StorageSize: 20,
      MaintenanceWindowStartTime: null,
    });
  });

  it('reads tab-indented JSON', () => {
    const template = readTemplate('{\n\t"AWSTemplateFormatVersion": "2010-09-09",\n\t"Resources": {\n\t\t"Q": {"Type": "AWS::SQS::Queue"}\n\t}\n}\n', 't.json');
    expect(plain(template.root)).toEqual({ AWSTemplateFormatVersion: '2010-09-09', Resources: { Q: { Type: 'AWS::SQS::Queue' } } });
  });
});

describe('text encoding', () => {
  it('strips a byte order mark and counts lines over CRLF, offsets matching the kept text', () => {
    const raw = '\uFEFFAWSTemplateFormatVersion: "2010-09-09"\r\nResources:\r\n  Broker:\r\n    Type: AWS::AmazonMQ::Broker\r\n    Properties:\r\n      HostInstanceType: mq.t3.micro\r\n      Description: |\r\n        one\r\n        two\r\n';
    const template = readTemplate(raw);
    expect(template.text).toBe(raw.slice(1));
    const broker = mappingAt(template.root, 'Resources', 'Broker');
    const type = findEntry(broker, 'Type');
    expect(type && span(type.value.range)).toEqual([4, 11, 4, 32]);
    expect(type && template.text.slice(type.value.range.start.offset, type.value.range.end.offset)).toBe('AWS::AmazonMQ::Broker');
    const properties = mappingAt(broker, 'Properties');
    expect(span(properties.range)).toEqual([6, 7, 9, 12]);
    const description = entryValue(properties, 'Description');
    expect(description && [plain(description), span(description.range)]).toEqual(['one\ntwo\n', [7, 20, 9, 12]]);
    expect(template.lines.lineText(4)).toBe('    Type: AWS::AmazonMQ::Broker');
  });
});

describe('scalars', () => {
  it('keeps YAML 1.2 core values: true and false are booleans, yes and no stay strings', () => {
    const template = readTemplate(`${HEADER}Values: [true, false, yes, no, "true", 20, 1.5, 0x10, null, ~, "", 010]\n`);
    expect(plain(nodeAt(template.root, 'Values'))).toEqual([true, false, 'yes', 'no', 'true', 20, 1.5, 16, null, null, '', 10]);
  });

  it('keeps a !Ref argument a string, whatever it looks like', () => {
    const template = readTemplate(`${HEADER}Value: !Ref 123\n`);
    expect(plain(nodeAt(template.root, 'Value'))).toEqual({ Ref: '123' });
  });

  it('gives a key written without a value an empty value where the key ends', () => {
    const template = readTemplate(`${HEADER}Metadata:\n  ? Lonely\n  Next: 1\n`);
    const lonely = findEntry(mappingAt(template.root, 'Metadata'), 'Lonely');
    expect(lonely && [plain(lonely.value), span(lonely.keyRange), span(lonely.value.range)]).toEqual([null, [3, 5, 3, 11], [3, 11, 3, 11]]);
  });

  it('writes non-string keys as they are written, and refuses collections as keys', () => {
    const template = readTemplate(`${HEADER}Mappings:\n  Ports:\n    80: { Name: http }\n    1.10: { Name: version }\n`);
    expect(mappingAt(template.root, 'Mappings', 'Ports').entries.map((entry) => entry.key)).toEqual(['80', '1.10']);
    expect(syntaxErrorOf(`${HEADER}? [a, b]\n: c\n`)).toMatchObject({ message: 'a mapping key must be a string, not a sequence', line: 2, column: 3 });
  });
});

describe('anchors, aliases and merge keys', () => {
  const text = [
    HEADER.trimEnd(),
    'Mappings:',
    '  Defaults: &defaults',
    '    EngineType: ACTIVEMQ',
    '    DeploymentMode: SINGLE_INSTANCE',
    '  Logging: &logging',
    '    DeploymentMode: CLUSTER_MULTI_AZ',
    '    Logs: { General: true }',
    'Resources:',
    '  Broker:',
    '    Type: AWS::AmazonMQ::Broker',
    '    Properties:',
    '      <<: [*defaults, *logging]',
    '      DeploymentMode: ACTIVE_STANDBY_MULTI_AZ',
    '      Tags: &tags',
    '        - { Key: team, Value: messaging }',
    '  Standby:',
    '    Type: AWS::AmazonMQ::Broker',
    '    Properties:',
    '      <<: [*defaults, *logging]',
    '      Tags: *tags',
    '      "<<": literal',
    '',
  ].join('\n');

  it('merges the named mappings under the keys the mapping sets itself, the first mapping named winning', () => {
    const template = readTemplate(text);
    const broker = mappingAt(template.root, 'Resources', 'Broker', 'Properties');
    expect(broker.entries.map((entry) => entry.key)).toEqual(['EngineType', 'Logs', 'DeploymentMode', 'Tags']);
    expect(plain(broker)).toMatchObject({ EngineType: 'ACTIVEMQ', DeploymentMode: 'ACTIVE_STANDBY_MULTI_AZ', Logs: { General: true } });
    const engineType = findEntry(broker, 'EngineType');
    expect(engineType && [span(engineType.keyRange), span(engineType.value.range)]).toEqual([[4, 5, 4, 15], [4, 17, 4, 25]]);

    const standby = mappingAt(template.root, 'Resources', 'Standby', 'Properties');
    expect(plain(standby)).toEqual({ EngineType: 'ACTIVEMQ', DeploymentMode: 'SINGLE_INSTANCE', Logs: { General: true }, Tags: [{ Key: 'team', Value: 'messaging' }], '<<': 'literal' });
    expect(template.warnings).toEqual([]);
  });

  it('resolves an alias to the anchored node, with the ranges it was written at', () => {
    const template = readTemplate(text);
    const tags = nodeAt(template.root, 'Resources', 'Broker', 'Properties', 'Tags');
    expect(nodeAt(template.root, 'Resources', 'Standby', 'Properties', 'Tags')).toBe(tags);
    expect(span(tags.range)).toEqual([16, 9, 16, 42]);
  });

  it('reports an alias without an anchor and an alias inside its own anchor', () => {
    expect(syntaxErrorOf(`${HEADER}Value: *missing\n`)).toMatchObject({ message: 'the alias *missing has no anchor &missing before it', line: 2, column: 8 });
    expect(syntaxErrorOf(`${HEADER}Value: &loop [a, *loop]\n`)).toMatchObject({ message: 'the alias *loop refers to a node that contains it', line: 2, column: 18 });
  });

  it('refuses a billion-laughs document quickly', () => {
    const levels = ['lol0: &lol0 "lol"'];
    for (let level = 1; level <= 9; level++) levels.push(`lol${level}: &lol${level} [${Array.from({ length: 10 }, () => `*lol${level - 1}`).join(', ')}]`);
    const bomb = `${HEADER}Metadata:\n${levels.map((line) => `  ${line}`).join('\n')}\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      DisplayName: *lol9\n`;
    const { result: error, milliseconds } = elapsed(() => syntaxErrorOf(bomb));
    expect(error.message).toBe('aliases expand the template beyond 100,000 nodes (an alias bomb?), which iac-mq-lint refuses to parse');
    expect(error.line).toBe(8);
    expect(milliseconds).toBeLessThan(5000); // a hang guard, not a benchmark: typical runs take under 50 ms
  });
});

describe('duplicate keys', () => {
  it('keeps both entries in order and warns at the later one, which wins', () => {
    const template = readTemplate(
      `${HEADER}Resources:\n  Broker:\n    Type: AWS::AmazonMQ::Broker\n    Properties:\n      DeploymentMode: ACTIVE_STANDBY_MULTI_AZ\n      DeploymentMode: SINGLE_INSTANCE\n`,
    );
    const properties = mappingAt(template.root, 'Resources', 'Broker', 'Properties');
    expect(properties.entries.map((entry) => [entry.key, plain(entry.value)])).toEqual([
      ['DeploymentMode', 'ACTIVE_STANDBY_MULTI_AZ'],
      ['DeploymentMode', 'SINGLE_INSTANCE'],
    ]);
    expect(plain(nodeAt(properties, 'DeploymentMode'))).toBe('SINGLE_INSTANCE');
    expect(template.warnings).toEqual([{ line: 7, column: 7, message: 'duplicate key "DeploymentMode" (the last one wins)' }]);
  });
});

describe('nesting limits', () => {
  const NESTING_MESSAGE = 'the template nests more than 256 levels deep, which iac-mq-lint refuses to parse';
  const DEPTH = 20_000;

  it.each([
    ['a flow sequence', `${HEADER}Deep: ${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}\n`, [2, 263]],
    ['a flow mapping', `${HEADER}Deep: ${'{a: '.repeat(DEPTH)}1${'}'.repeat(DEPTH)}\n`, [2, 1031]],
    ['JSON', `{"AWSTemplateFormatVersion": "2010-09-09", "Deep": ${'{"a":'.repeat(DEPTH)}1${'}'.repeat(DEPTH)}}`, [1, 1332]],
    ['block mappings', `${HEADER}Deep:\n${Array.from({ length: 1000 }, (_, level) => `${' '.repeat(level + 1)}a:`).join('\n')}\n`, [259, 258]],
    ['nested tags', `${HEADER}Deep: ${'!Not ['.repeat(200)}${']'.repeat(200)}\n`, [2, 774]],
  ] as const)('refuses %s nested 20,000 deep without overflowing the stack', (_, text, [line, column]) => {
    const { result: error, milliseconds } = elapsed(() => syntaxErrorOf(text));
    expect(error).toMatchObject({ message: NESTING_MESSAGE, line, column });
    expect(milliseconds).toBeLessThan(5000); // a hang guard, not a benchmark: typical runs take under 50 ms
  });

  it('reads nesting up to the limit', () => {
    const template = readTemplate(`${HEADER}Deep: ${'['.repeat(255)}${']'.repeat(255)}\n`);
    let node: CfnNode | undefined = nodeAt(template.root, 'Deep');
    let depth = 1;
    while (node?.kind === 'sequence' && node.items[0]) {
      node = node.items[0];
      depth++;
    }
    expect(depth).toBe(255);
  });

  it('refuses one level more', () => {
    expect(syntaxErrorOf(`${HEADER}Deep: ${'['.repeat(256)}${']'.repeat(256)}\n`)).toMatchObject({ message: NESTING_MESSAGE, line: 2, column: 262 });
  });

  it('counts the depth an alias brings', () => {
    const text = `${HEADER}A: &a ${'['.repeat(200)}${']'.repeat(200)}\nB: ${'['.repeat(100)}*a${']'.repeat(100)}\n`;
    expect(syntaxErrorOf(text)).toMatchObject({ message: NESTING_MESSAGE, line: 3, column: 104 });
  });
});

describe('syntax errors', () => {
  it('reports invalid YAML in a file that looks like a template, with its position', () => {
    const error = syntaxErrorOf(`${HEADER}Resources:\n  Broker:\n    Type: AWS::AmazonMQ::Broker\n    Properties: [unclosed\n  Other: x\n`);
    expect(error).toBeInstanceOf(CloudFormationSyntaxError);
    expect(error).toMatchObject({
      file: 'template.yaml',
      message: 'Flow sequence in block collection must be sufficiently indented and end with a ]',
      line: 6,
      column: 3,
    });
  });

  it('returns undefined for invalid YAML in a file that does not look like a template', () => {
    expect(readCloudFormationTemplate('values.yaml', 'name: [unclosed\n  other: {\n')).toBeUndefined();
  });

  it('reports a Handlebars template that mentions a format version, with a position', () => {
    const handlebars = [
      '---',
      "AWSTemplateFormatVersion: '2010-09-09'",
      'Resources:',
      '  Broker:',
      '    Type: "AWS::AmazonMQ::Broker"',
      '    Properties:',
      '      BrokerName: {{brokerName}}',
      '      {{#if subnetId2}}',
      '      DeploymentMode: ACTIVE_STANDBY_MULTI_AZ',
      '      {{else}}',
      '      DeploymentMode: SINGLE_INSTANCE',
      '      {{/if}}',
      '',
    ].join('\n');
    expect(syntaxErrorOf(handlebars)).toMatchObject({ message: 'Implicit keys need to be on a single line', line: 8, column: 7 });
  });
});

describe('template detection', () => {
  it('reads a SAM template that has only the transform and a serverless function', () => {
    const sam = 'Transform: AWS::Serverless-2016-10-31\nResources:\n  Consumer:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: index.handler\n';
    expect(readTemplate(sam).root.entries.map((entry) => entry.key)).toEqual(['Transform', 'Resources']);
    const listed = 'Transform:\n  - AWS::LanguageExtensions\n  - AWS::Serverless-2016-10-31\nResources: {}\n';
    expect(readCloudFormationTemplate('template.yaml', listed)).toBeDefined();
  });

  it('reads a template with resources but no format version', () => {
    expect(readCloudFormationTemplate('t.yaml', 'Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n')).toBeDefined();
  });

  it('returns undefined for Kubernetes manifests, even one that embeds a template', () => {
    expect(readCloudFormationTemplate('deployment.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n')).toBeUndefined();
    const configMap = `apiVersion: v1\nkind: ConfigMap\ndata:\n  template.yaml: |\n    AWSTemplateFormatVersion: "2010-09-09"\n    Resources:\n      Q:\n        Type: AWS::SQS::Queue\n`;
    expect(looksLikeCloudFormation(configMap)).toBe(true);
    expect(readCloudFormationTemplate('configmap.yaml', configMap)).toBeUndefined();
  });

  it('returns undefined for package.json and workflow files, even ones that mention templates', () => {
    expect(readCloudFormationTemplate('package.json', '{ "name": "x", "version": "1.0.0" }')).toBeUndefined();
    const mentions = '{ "name": "x", "scripts": { "lint": "grep -l AWSTemplateFormatVersion *.yaml" } }';
    expect(looksLikeCloudFormation(mentions)).toBe(true);
    expect(readCloudFormationTemplate('package.json', mentions)).toBeUndefined();
    const workflow = 'on: push\njobs:\n  check:\n    runs-on: ubuntu-latest\n    steps:\n      - run: grep -q AWSTemplateFormatVersion stack.yaml\n';
    expect(readCloudFormationTemplate('.github/workflows/ci.yml', workflow)).toBeUndefined();
  });

  it('sets a 1 MB resource specification aside quickly', () => {
    const resourceTypes: Record<string, unknown> = {};
    for (let index = 0; index < 4000; index++) {
      resourceTypes[`AWS::Service${index}::Thing`] = {
        Documentation: `https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-service${index}-thing.html`,
        Attributes: { Arn: { PrimitiveType: 'String' } },
        Properties: {
          KeyName: { Type: `AWS::EC2::KeyPair::KeyName`, Required: false, UpdateType: 'Mutable' },
          Items: { Type: 'List', ItemType: `AWS::Service${index}::Thing.Item`, Required: false, UpdateType: 'Immutable' },
        },
      };
    }
    const specification = JSON.stringify({ ResourceSpecificationVersion: '1.0.0', PropertyTypes: {}, ResourceTypes: resourceTypes }, null, 2);
    expect(specification.length).toBeGreaterThan(1_000_000);
    expect(looksLikeCloudFormation(specification)).toBe(true);
    const { result, milliseconds } = elapsed(() => readCloudFormationTemplate('specification.json', specification));
    expect(result).toBeUndefined();
    expect(milliseconds).toBeLessThan(2500); // a hang guard, not a benchmark: typical runs take about 50 ms
  });

  it('reads only the first document of a stream', () => {
    const templateFirst = `${HEADER}Resources:\n  Q:\n    Type: AWS::SQS::Queue\n---\nnot: [valid\n`;
    expect(readTemplate(templateFirst).root.entries.map((entry) => entry.key)).toEqual(['AWSTemplateFormatVersion', 'Resources']);
    const templateSecond = `apiVersion: v1\nkind: List\n---\n${HEADER}Resources: {}\n`;
    expect(readCloudFormationTemplate('stream.yaml', templateSecond)).toBeUndefined();
  });

  it('returns undefined for an empty document', () => {
    expect(readCloudFormationTemplate('empty.yaml', '# AWSTemplateFormatVersion\n')).toBeUndefined();
  });
});

describe('Rain directives', () => {
  it('keeps a !Rain:: tag as a one-entry mapping instead of failing the template', () => {
    const template = readTemplate(`${HEADER}Resources:\n  Stack:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: !Rain::S3 ./child.yaml\n`);
    const url = onlyEntry(nodeAt(template.root, 'Resources', 'Stack', 'Properties', 'TemplateURL'));
    expect(url.key).toBe('Rain::S3');
    expect(plain(url.value)).toBe('./child.yaml');
    expect(span(url.keyRange)).toEqual([6, 20, 6, 29]);
  });
});

const CORPUS = '/work/shared/corpus';
const TEMPLATE_EXTENSIONS = /\.(ya?ml|json|template)$/;

function filesUnder(directory: string): string[] {
  return readdirSync(directory, { recursive: true, encoding: 'utf8' }).map((name) => path.join(directory, name));
}

describe('the shared corpus', () => {
  it('reads every template that declares an Amazon MQ broker', () => {
    if (!existsSync(CORPUS)) {
      console.warn(`${CORPUS} is absent: corpus templates not checked`);
      return;
    }
    const files = filesUnder(CORPUS).filter((file) => TEMPLATE_EXTENSIONS.test(file));
    const templates = files.map((file) => ({ file, text: readFileSync(file, 'utf8') })).filter(({ text }) => text.includes('AWS::AmazonMQ::Broker'));
    expect(templates.length).toBeGreaterThan(10);
    for (const { file, text } of templates) {
      // Handlebars sources of generated templates are not YAML: they must fail cleanly, with a position.
      if (/\{\{[#/]/.test(text)) {
        const error = syntaxErrorOf(text, file);
        expect(error.line, file).toBeGreaterThan(0);
        continue;
      }
      const template = readCloudFormationTemplate(file, text);
      expect(template?.root.kind, file).toBe('mapping');
    }
  });
});
