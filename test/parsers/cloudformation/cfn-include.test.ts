import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandCfnInclude, usesCfnInclude } from '../../../src/parsers/cloudformation/cfn-include.js';
import { readCloudFormationTemplate } from '../../../src/parsers/cloudformation/template-file.js';
import { entryValue, type CfnNode } from '../../../src/parsers/cloudformation/template-node.js';

function writeTree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'iac-mq-lint-cfn-include-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(root, name), text);
  return root;
}

async function expand(root: string, name = 'template.yaml') {
  const file = path.join(root, name);
  const template = readCloudFormationTemplate(file, readFileSync(file, 'utf8'));
  if (!template) throw new Error('not a template');
  return expandCfnInclude(template, (included) => Promise.resolve(readFileSync(included, 'utf8')));
}

function brokerTemplate(properties: string): string {
  return `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Broker:\n    Type: AWS::AmazonMQ::Broker\n    Properties:\n${properties}`;
}

function propertyOf(root: CfnNode, name: string): CfnNode | undefined {
  if (root.kind !== 'mapping') return undefined;
  const resources = entryValue(root, 'Resources');
  const broker = resources?.kind === 'mapping' ? entryValue(resources, 'Broker') : undefined;
  const properties = broker?.kind === 'mapping' ? entryValue(broker, 'Properties') : undefined;
  return properties?.kind === 'mapping' ? entryValue(properties, name) : undefined;
}

describe('cfn-include expansion', () => {
  it('detects the directives, but not a template without them', async () => {
    const root = writeTree({ 'template.yaml': brokerTemplate('      DeploymentMode: SINGLE_INSTANCE\n') });
    const template = readCloudFormationTemplate(path.join(root, 'template.yaml'), readFileSync(path.join(root, 'template.yaml'), 'utf8'));
    expect(template && usesCfnInclude(template.root)).toBe(false);
  });

  it('expands Fn::Include inside Fn::Merge and traces values into the included file', async () => {
    const root = writeTree({
      'template.yaml': brokerTemplate('      Fn::Merge:\n        - Fn::Include: ./defaults.yaml\n        - EngineType: RabbitMQ\n'),
      'defaults.yaml': 'EngineType: ActiveMQ\nDeploymentMode: "SINGLE_INSTANCE"\n',
    });
    const expanded = await expand(root);
    const mode = propertyOf(expanded.root, 'DeploymentMode');
    expect(mode).toMatchObject({ kind: 'scalar', value: 'SINGLE_INSTANCE', file: path.join(root, 'defaults.yaml') });
    expect(mode?.range.start).toMatchObject({ line: 2, column: 17 });
    // The later part of the merge wins, and is traced to the template itself.
    const engine = propertyOf(expanded.root, 'EngineType');
    expect(engine).toMatchObject({ value: 'RabbitMQ' });
    expect(engine?.file).toBeUndefined();
    expect(engine?.range.start).toMatchObject({ line: 8, column: 23 });
    expect(expanded.includedTexts?.get(path.join(root, 'defaults.yaml'))).toContain('DeploymentMode');
  });

  it.each([
    ['s3://bucket/defaults.yaml', 'never fetches anything over the network'],
    ['https://example.com/defaults.yaml', 'never fetches anything over the network'],
  ])('refuses a remote include of %s before cfn-include runs', async (location, message) => {
    const root = writeTree({ 'template.yaml': brokerTemplate(`      Fn::Include: ${location}\n`) });
    await expect(expand(root)).rejects.toMatchObject({ message: expect.stringContaining(message), line: 6, column: 7 });
  });

  it('refuses an api include and Fn::GetEnv', async () => {
    const api = writeTree({ 'template.yaml': brokerTemplate('      Fn::Include:\n        type: api\n        location: ./x.yaml\n') });
    await expect(expand(api)).rejects.toMatchObject({ message: expect.stringContaining('never touches the network') });
    const environment = writeTree({ 'template.yaml': brokerTemplate('      DeploymentMode:\n        Fn::GetEnv: MODE\n') });
    await expect(expand(environment)).rejects.toMatchObject({ message: expect.stringContaining('Fn::GetEnv'), line: 7 });
  });

  it('refuses a remote include hidden in a locally included file, naming that file', async () => {
    const root = writeTree({
      'template.yaml': brokerTemplate('      Fn::Include: ./local.yaml\n'),
      'local.yaml': 'EngineType: ActiveMQ\nDeploymentMode:\n  Fn::Include: s3://bucket/mode.yaml\n',
    });
    await expect(expand(root)).rejects.toMatchObject({ file: path.join(root, 'local.yaml'), line: 3, column: 3 });
  });
});
