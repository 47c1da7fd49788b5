import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';

// cfn-include is an optional dependency: without it, a template that needs it gets one clear message.
vi.mock('cfn-include', () => {
  throw new Error("Cannot find package 'cfn-include'");
});

describe('cfn-include not installed', () => {
  it('names the package to install instead of failing obscurely', async () => {
    const { expandCfnInclude } = await import('../../../src/parsers/cloudformation/cfn-include.js');
    const { readCloudFormationTemplate } = await import('../../../src/parsers/cloudformation/template-file.js');
    const root = mkdtempSync(path.join(tmpdir(), 'iac-mq-lint-no-cfn-include-'));
    const file = path.join(root, 'template.yaml');
    writeFileSync(path.join(root, 'defaults.yaml'), 'DeploymentMode: SINGLE_INSTANCE\n');
    writeFileSync(
      file,
      'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Broker:\n    Type: AWS::AmazonMQ::Broker\n    Properties:\n      Fn::Include: ./defaults.yaml\n',
    );
    const template = readCloudFormationTemplate(file, readFileSync(file, 'utf8'));
    if (!template) throw new Error('not a template');
    await expect(expandCfnInclude(template, (included) => Promise.resolve(readFileSync(included, 'utf8')))).rejects.toMatchObject({
      file,
      message: expect.stringContaining('install the optional package cfn-include (npm install cfn-include)'),
    });
  });
});
