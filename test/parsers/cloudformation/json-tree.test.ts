import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../../src/model/source.js';
import { readJsonTree } from '../../../src/parsers/cloudformation/json-tree.js';
import { CloudFormationSyntaxError, readCloudFormationTemplate } from '../../../src/parsers/cloudformation/template-file.js';
import { MAXIMUM_NESTING_DEPTH, NESTING_MESSAGE, readYamlTree, YamlTreeError, type YamlTree } from '../../../src/parsers/cloudformation/yaml-tree.js';
import { REPO_ROOT } from '../../fixtures/expectations.js';

const SHARED_CORPUS = '/work/shared/corpus';
const BYTE_ORDER_MARK = '\uFEFF';
/** yaml reads the generated template in seconds. */
const SPEED_TIMEOUT_MS = 60_000;

type TreeReader = (text: string, lines: LineIndex) => YamlTree;

/** What a reader makes of a text: its tree, or the error it refuses the text with. */
function outcome(read: TreeReader, text: string): YamlTree | { error: string; offset: number } {
  try {
    return read(text, new LineIndex(text));
  } catch (error) {
    if (error instanceof YamlTreeError) return { error: error.message, offset: error.offset };
    throw error;
  }
}

function expectSameAsYaml(text: string): void {
  expect(outcome(readJsonTree, text)).toStrictEqual(outcome(readYamlTree, text));
}

/** The JSON templates under a directory with their texts, read the way the scanner reads them (byte order mark dropped). */
function jsonTemplatesUnder(directory: string): Array<{ file: string; text: string }> {
  return readdirSync(directory, { recursive: true, encoding: 'utf8' })
    .filter((relative) => relative.endsWith('.json'))
    .sort()
    .map((relative) => path.join(directory, relative))
    .map((file) => ({ file, text: readFileSync(file, 'utf8').replace(/^\uFEFF/, '') }))
    .filter(({ text }) => isJsonTemplate(text));
}

function isJsonTemplate(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && ('AWSTemplateFormatVersion' in value || 'Resources' in value);
  } catch {
    return false;
  }
}

/** A template shaped like `cdk synth` output: many resources, one-space indentation, long intrinsic chains. */
function cdkLikeTemplate(targetLength: number): string {
  const resources: Record<string, unknown> = {};
  for (let index = 0, length = 0; length < targetLength; index++) {
    const role = `OrdersServiceHandler${index}ServiceRoleB3F2C1A${index % 10}`;
    resources[role] = {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: {
          Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } }],
          Version: '2012-10-17',
        },
        ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSLambdaBasicExecutionRole']] }],
      },
      Metadata: { 'aws:cdk:path': `OrdersStack/Handler${index}/ServiceRole/Resource` },
    };
    resources[`OrdersServiceHandler${index}F00DCAFE`] = {
      Type: 'AWS::Lambda::Function',
      Properties: {
        Code: { S3Bucket: { 'Fn::Sub': 'cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}' }, S3Key: `${index}e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855.zip` },
        Environment: { Variables: { BROKER_ENDPOINT: { 'Fn::Select': [0, { 'Fn::GetAtt': ['OrdersBroker', 'AmqpEndpoints'] }] }, TIMEOUT_SECONDS: '30', RETRIES: 3, VERBOSE: false } },
        Handler: 'index.handler',
        MemorySize: 256,
        Role: { 'Fn::GetAtt': [role, 'Arn'] },
        Runtime: 'nodejs20.x',
        Timeout: -1.5e3,
      },
      DependsOn: [role],
      Metadata: { 'aws:cdk:path': `OrdersStack/Handler${index}/Resource`, 'aws:asset:property': 'Code' },
    };
    length += JSON.stringify([resources[role], resources[`OrdersServiceHandler${index}F00DCAFE`]], undefined, 1).length;
  }
  return JSON.stringify({ Resources: resources, Parameters: { BootstrapVersion: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/cdk-bootstrap/hnb659fds/version' } } }, undefined, 1);
}

/** The fastest of a few runs, so a garbage collection pause does not decide the comparison. */
function fastestMilliseconds(runs: number, work: () => unknown): number {
  let fastest = Infinity;
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    work();
    fastest = Math.min(fastest, performance.now() - start);
  }
  return fastest;
}

describe('readJsonTree reads JSON into the tree readYamlTree makes of it', () => {
  const fixtureTemplates = jsonTemplatesUnder(path.join(REPO_ROOT, 'fixtures'));

  it('finds the JSON templates among the fixtures', () => {
    expect(fixtureTemplates.length).toBeGreaterThan(0);
  });

  it.each(fixtureTemplates.map(({ file, text }) => [path.relative(REPO_ROOT, file), text]))('on the fixture %s', (_file, text) => {
    expectSameAsYaml(text);
  });

  const corpusTemplates = existsSync(SHARED_CORPUS) ? jsonTemplatesUnder(SHARED_CORPUS) : [];
  if (corpusTemplates.length === 0) console.warn(`json-tree: no JSON templates under ${SHARED_CORPUS}, the corpus comparison is skipped`);
  it.skipIf(corpusTemplates.length === 0)(`on the ${corpusTemplates.length} JSON templates of the shared corpus`, () => {
    for (const { file, text } of corpusTemplates) {
      expect(outcome(readJsonTree, text), file).toStrictEqual(outcome(readYamlTree, text));
    }
  });

  it.each([
    ['escaped quotes, in keys and values', '{"a\\"b": "a\\"b"}'],
    ['unicode escapes, surrogate pairs included', '{"e": "\\u00e9", "face": "\\ud83d\\ude00", "\\u0041": "\\/"}'],
    ['control-character escapes', '{"n": "\\n", "all": "\\b\\f\\n\\r\\t\\\\"}'],
    ['empty collections', '{"a": {}, "b": [], "c": { }, "d": [ \n ], "e": [{}, []]}'],
    ['an empty root mapping', '{}'],
    ['nested arrays', '{"a": [[1, [2, [3, []]]], [], [[["deep"]]]]}'],
    ['numbers', '{"n": [-1.5e3, 0, -0, 1E+2, 2.50, 12345678901234567890, 1e400, 5e-324]}'],
    ['literals', '{"t": true, "f": false, "n": null, "list": [true, false, null]}'],
    ['CRLF line ends', '{\r\n  "a": [\r\n    1,\r\n    "two"\r\n  ],\r\n  "b": {}\r\n}\r\n'],
    ['non-ASCII text, columns in UTF-16 code units', '{"clé": "ünïcödé 😀 text", "after": ["😀😀", "x"],\n "日本": {"k": "v"}}'],
    ['duplicate keys, nested ones warned first as yaml does', '{"a": 1, "b": {"c": 1, "c": 2}, "a": 2, "\\u0061": 3, "x": {"y": {}, "y": []}}'],
    ['space-only indentation like cdk synth', cdkLikeTemplate(2_000)],
    ['whitespace before and after', '\n\n  {"a": 1}  \n\n'],
    ['a root list', '[1, "two", {"three": 3}]'],
    ['a root scalar', '"text"'],
    ['an empty text', ''],
    ['a blank text', ' \n '],
  ])('on %s', (_case, text) => {
    expectSameAsYaml(text);
  });

  it('gives the same ranges and values as yaml on an escaped string: the decoded value, the raw token', () => {
    const text = '{"a": "x\\"y\\u00e9"}';
    const root = readJsonTree(text, new LineIndex(text)).root;
    expect(root?.kind === 'mapping' && root.entries[0]?.value).toMatchObject({ value: 'x"yé', range: { start: { offset: 6 }, end: { offset: text.length - 1 } } });
    expectSameAsYaml(text);
  });

  it('refuses every truncation of a template with a YamlTreeError, never another error', () => {
    const text = '{"a": [1, -2.5e3, true, null, "x\\"y"], "b": {"c": {}}}';
    for (let length = 0; length < text.length; length++) {
      const truncated = text.slice(0, length);
      if (truncated.trim() === '') continue;
      expect(() => readJsonTree(truncated, new LineIndex(truncated)), truncated).toThrow(YamlTreeError);
    }
  });

  it(
    'is at least five times faster than readYamlTree on a 1.5 MB CDK-like template',
    () => {
      const text = cdkLikeTemplate(1_500_000);
      const lines = new LineIndex(text);
      expect(readJsonTree(text, lines)).toStrictEqual(readYamlTree(text, lines));
      const jsonMilliseconds = fastestMilliseconds(5, () => readJsonTree(text, lines));
      const yamlMilliseconds = fastestMilliseconds(1, () => readYamlTree(text, lines));
      console.log(
        `json-tree on ${(text.length / 1e6).toFixed(2)} MB: readJsonTree ${jsonMilliseconds.toFixed(1)} ms, readYamlTree ${yamlMilliseconds.toFixed(1)} ms (${(yamlMilliseconds / jsonMilliseconds).toFixed(0)}×)`,
      );
      expect(yamlMilliseconds / jsonMilliseconds).toBeGreaterThanOrEqual(5);
    },
    SPEED_TIMEOUT_MS,
  );
});

describe('readJsonTree refuses deep nesting as readYamlTree does', () => {
  const depth = 20_000;

  it.each([
    ['lists', '['.repeat(depth) + ']'.repeat(depth)],
    ['mappings', '{"a": '.repeat(depth) + '1' + '}'.repeat(depth)],
  ])(`refuses ${depth.toLocaleString('en-US')} nested %s with the same error and offset`, (_kind, text) => {
    const refusal = outcome(readJsonTree, text);
    expect(refusal).toMatchObject({ error: NESTING_MESSAGE });
    expect(refusal).toStrictEqual(outcome(readYamlTree, text));
  });

  const limit = MAXIMUM_NESTING_DEPTH;
  it.each([
    ['empty lists at the limit', '['.repeat(limit) + ']'.repeat(limit)],
    ['a scalar just past the limit', '['.repeat(limit) + '1' + ']'.repeat(limit)],
    ['a key just past the limit', '['.repeat(limit - 1) + '{"a": 1}' + ']'.repeat(limit - 1)],
    ['a value just past the limit', '['.repeat(limit - 1) + '{"a": []}' + ']'.repeat(limit - 1)],
    ['a too-deep scalar before a too-deep list', `[${'['.repeat(limit - 1)}1${']'.repeat(limit - 1)}, ${'['.repeat(limit)}${']'.repeat(limit)}]`],
  ])('agrees with yaml on %s', (_case, text) => {
    expectSameAsYaml(text);
  });

  it('turns the refusal into a syntax error at the same line and column in readCloudFormationTemplate', () => {
    const text = `{\n "AWSTemplateFormatVersion": "2010-09-09",\n "Metadata": ${'['.repeat(depth)}${']'.repeat(depth)}\n}`;
    const yamlRefusal = outcome(readYamlTree, text);
    if (!('error' in yamlRefusal)) throw new Error('yaml read the text');
    const expected = new LineIndex(text).positionAt(yamlRefusal.offset);
    expect(() => readCloudFormationTemplate('deep.json', BYTE_ORDER_MARK + text)).toThrow(CloudFormationSyntaxError);
    expect(() => readCloudFormationTemplate('deep.json', BYTE_ORDER_MARK + text)).toThrow(expect.objectContaining({ line: expected.line, column: expected.column }));
  });
});
