import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { classifyFile } from '../../src/discover/file-kind.js';
import { findRelevantTerragruntConfigs } from '../../src/discover/relevance.js';
import { createCachingTextReader } from '../../src/discover/text-cache.js';
import { discoverFiles } from '../../src/discover/walk.js';
import { resolveTerragruntDeployments, type TerragruntResolution } from '../../src/environment/terragrunt-contexts.js';
import { defaultScanOptions, scan, type ScanOptions, type ScanResult } from '../../src/index.js';
import type { SourceLocation } from '../../src/model/source.js';
import { toPlain, type Value } from '../../src/model/value.js';
import { temporaryDirectoryWith } from '../support/temporary-directory.js';

// The first scan loads and instantiates the wasm bundle.
const SCAN_TIMEOUT_MS = 30_000;

const BROKER_MODULE = `variable "deployment_mode" {
  type    = string
  default = "ACTIVE_STANDBY_MULTI_AZ"
}

resource "aws_mq_broker" "this" {
  broker_name        = "orders"
  engine_type        = "ActiveMQ"
  engine_version     = "5.18"
  host_instance_type = "mq.m5.large"
  deployment_mode    = var.deployment_mode
  subnet_ids         = ["subnet-0a1b2c3d4e5f60718"]

  user {
    username = "admin"
    password = "fixture-not-a-secret"
  }
}
`;

// Deployment mode written in the module itself, so only its location is in question.
const SINGLE_INSTANCE_MODULE = BROKER_MODULE.replace('deployment_mode    = var.deployment_mode', 'deployment_mode    = "SINGLE_INSTANCE"');

const CHILD_SOURCE = `terraform {
  source = "../../../modules//mq"
}
`;

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const root = temporaryDirectoryWith(files, 'iac-mq-lint-terragrunt-');
  directories.push(root);
  return root;
}

/** A tree with the broker module that the deployments' `../../../modules//mq` names. */
function deploymentTree(files: Record<string, string>): string {
  return tree({ 'modules/mq/main.tf': BROKER_MODULE, ...files });
}

async function resolve(root: string, configs: string[]): Promise<TerragruntResolution> {
  return resolveTerragruntDeployments(
    configs.map((config) => path.join(root, config)),
    { readText: createCachingTextReader(), scanRoots: [root], cwd: root },
  );
}

/** The plain inputs of the only deployment. */
async function inputsOf(root: string, config: string): Promise<Record<string, unknown>> {
  const resolution = await resolve(root, [config]);
  expect(resolution.errors).toEqual([]);
  const [deployment] = resolution.deployments;
  if (!deployment) throw new Error('no deployment');
  return Object.fromEntries([...deployment.inputs].map(([name, value]: [string, Value]) => [name, toPlain(value)]));
}

function at(root: string, location: SourceLocation): string {
  return `${path.relative(root, location.file).split(path.sep).join('/')}:${location.range.start.line}:${location.range.start.column}`;
}

async function scanTree(root: string, target = '.', overrides: Partial<ScanOptions> = {}): Promise<ScanResult> {
  return scan([target], defaultScanOptions({ cwd: root, env: {}, onlyRules: ['MQ001'], ...overrides }));
}

function findingsAt(root: string, result: ScanResult): string[] {
  return result.findings.map((finding) => `${finding.ruleId} ${at(root, finding.location)}`).sort();
}

describe('discovery of Terragrunt configurations', () => {
  it('classifies terragrunt.hcl by its exact name, and leaves root.hcl to the includes', () => {
    expect(classifyFile('/repo/live/prod/mq/terragrunt.hcl')).toBe('terragrunt');
    expect(classifyFile('/repo/live/root.hcl')).toBe('other');
    expect(classifyFile('/repo/live/env.hcl')).toBe('other');
  });

  it('returns terragrunt.hcl files and never reads .terragrunt-cache', async () => {
    const root = tree({
      'live/root.hcl': '',
      'live/prod/mq/terragrunt.hcl': CHILD_SOURCE,
      'live/prod/mq/.terragrunt-cache/abc/def/mq/main.tf': BROKER_MODULE,
      'live/prod/mq/.terragrunt-cache/abc/def/mq/terragrunt.hcl': CHILD_SOURCE,
    });
    const discovered = await discoverFiles([root]);
    expect(discovered.files.map((file) => [path.relative(root, file.path), file.kind])).toEqual([['live/prod/mq/terragrunt.hcl', 'terragrunt']]);
  });

  it('keeps a configuration only when its module may hold a broker, or its remote source mentions MQ', async () => {
    const root = tree({
      'modules/mq/main.tf': BROKER_MODULE,
      'modules/vpc/main.tf': 'resource "aws_vpc" "this" {}\n',
      'live/prod/mq/terragrunt.hcl': CHILD_SOURCE,
      'live/prod/vpc/terragrunt.hcl': CHILD_SOURCE.replace('//mq', '//vpc'),
      'live/prod/queue/terragrunt.hcl': 'terraform {\n  source = "git::https://github.com/acme/terraform-aws-mq.git//broker?ref=v1.2.0"\n}\n',
      'live/prod/dns/terragrunt.hcl': 'terraform {\n  source = "git::https://github.com/acme/terraform-aws-route53.git?ref=v1.0.0"\n}\n',
    });
    const configs = ['live/prod/dns', 'live/prod/mq', 'live/prod/queue', 'live/prod/vpc'].map((directory) => path.join(root, directory, 'terragrunt.hcl'));
    const relevance = await findRelevantTerragruntConfigs(configs, createCachingTextReader());
    expect(relevance.relevant.map((config) => path.relative(root, path.dirname(config)))).toEqual(['live/prod/mq', 'live/prod/queue']);
  });

  it('counts every source after the terraform header, so a heredoc before the block hides nothing', async () => {
    const root = tree({
      'modules/mq/main.tf': BROKER_MODULE,
      'live/prod/mq/terragrunt.hcl': `generate "versions" {\n  path     = "versions.tf"\n  contents = <<EOF\nterraform {\n  required_providers {\n    aws = {\n      source = "hashicorp/aws"\n    }\n  }\n}\nEOF\n}\n\n${CHILD_SOURCE}`,
    });
    const config = path.join(root, 'live/prod/mq/terragrunt.hcl');
    expect((await findRelevantTerragruntConfigs([config], createCachingTextReader())).relevant).toEqual([config]);
    const resolution = await resolve(root, ['live/prod/mq/terragrunt.hcl']);
    expect(resolution.deployments.map((deployment) => path.relative(root, deployment.moduleDirectory))).toEqual(['modules/mq']);
  });

  it('does not parse a configuration whose module holds no broker', { timeout: SCAN_TIMEOUT_MS }, async () => {
    const root = tree({
      'modules/vpc/main.tf': 'resource "aws_vpc" "this" {}\n',
      // A syntax error would be reported if the file were parsed.
      'live/prod/vpc/terragrunt.hcl': `${CHILD_SOURCE.replace('//mq', '//vpc')}inputs = {\n`,
    });
    const result = await scanTree(root);
    expect(result.errors).toEqual([]);
    expect(result.findings).toEqual([]);
  });
});

describe('resolveTerragruntDeployments', () => {
  describe('include', () => {
    it('finds the nearest parent terragrunt.hcl with find_in_parent_folders()', async () => {
      const root = deploymentTree({
        'terragrunt.hcl': 'inputs = {\n  level = "top"\n}\n',
        'live/terragrunt.hcl': 'inputs = {\n  level = "live"\n  region = "eu-west-1"\n}\n',
        'live/prod/mq/terragrunt.hcl': `include "root" {\n  path = find_in_parent_folders()\n}\n${CHILD_SOURCE}`,
      });
      expect(await inputsOf(root, 'live/prod/mq/terragrunt.hcl')).toEqual({ level: 'live', region: 'eu-west-1' });
    });

    it('finds root.hcl with find_in_parent_folders(), as newer Terragrunt recommends', async () => {
      const root = deploymentTree({
        'live/root.hcl': 'inputs = {\n  region = "eu-west-1"\n}\n',
        'live/prod/mq/terragrunt.hcl': `include "root" {\n  path = find_in_parent_folders()\n}\n${CHILD_SOURCE}`,
      });
      expect(await inputsOf(root, 'live/prod/mq/terragrunt.hcl')).toEqual({ region: 'eu-west-1' });
    });

    it('finds a named file with find_in_parent_folders("name"), also in the interpolated form', async () => {
      const root = deploymentTree({
        'live/root.hcl': 'inputs = {\n  region = "eu-west-1"\n}\n',
        'live/prod/env.hcl': 'inputs = {\n  environment = "prod"\n}\n',
        'live/prod/mq/terragrunt.hcl': `include "root" {\n  path = find_in_parent_folders("root.hcl")\n}\ninclude "env" {\n  path = "\${find_in_parent_folders("env.hcl")}"\n}\n${CHILD_SOURCE}`,
      });
      expect(await inputsOf(root, 'live/prod/mq/terragrunt.hcl')).toEqual({ region: 'eu-west-1', environment: 'prod' });
    });

    it('reads a literal path relative to the configuration, and get_terragrunt_dir() in it', async () => {
      const root = deploymentTree({
        'live/common.hcl': 'inputs = {\n  region = "eu-west-1"\n}\n',
        'live/tags.hcl': 'inputs = {\n  team = "orders"\n}\n',
        'live/prod/mq/terragrunt.hcl': `include "common" {\n  path = "../../common.hcl"\n}\ninclude "tags" {\n  path = "\${get_terragrunt_dir()}/../../tags.hcl"\n}\n${CHILD_SOURCE}`,
      });
      expect(await inputsOf(root, 'live/prod/mq/terragrunt.hcl')).toEqual({ region: 'eu-west-1', team: 'orders' });
    });

    it('is not a deployment itself when another configuration includes it', async () => {
      const root = deploymentTree({
        'modules/mq/main.tf': BROKER_MODULE,
        'live/terragrunt.hcl': 'inputs = {\n  region = "eu-west-1"\n}\n',
        'live/prod/mq/terragrunt.hcl': `include "root" {\n  path = find_in_parent_folders()\n}\n${CHILD_SOURCE}`,
      });
      const resolution = await resolve(root, ['live/prod/mq/terragrunt.hcl', 'live/terragrunt.hcl']);
      expect(resolution.deployments.map((deployment) => path.relative(root, deployment.config))).toEqual(['live/prod/mq/terragrunt.hcl']);
    });

    it('reports a missing include target at the include, naming the file and line', async () => {
      const root = deploymentTree({
        'live/prod/mq/terragrunt.hcl': `include "root" {\n  path = find_in_parent_folders("root.hcl")\n}\ninclude "env" {\n  path = "../env.hcl"\n}\n${CHILD_SOURCE}inputs = {\n  environment = "prod"\n}\n`,
      });
      const resolution = await resolve(root, ['live/prod/mq/terragrunt.hcl']);
      const config = path.join(root, 'live/prod/mq/terragrunt.hcl');
      expect(resolution.errors).toEqual([
        { file: config, line: 2, column: 10, message: 'include "root": find_in_parent_folders() finds no root.hcl in a parent directory' },
        { file: config, line: 5, column: 10, message: 'include "env": live/prod/env.hcl does not exist' },
      ]);
      // The configuration's own inputs still apply.
      expect(resolution.deployments.map((deployment) => toPlain(deployment.inputs.get('environment') as Value))).toEqual(['prod']);
    });

    it('reports an include path it cannot evaluate as a notice', async () => {
      const root = deploymentTree({
        'live/prod/mq/terragrunt.hcl': `include "env" {\n  path = "\${get_repo_root()}/env.hcl"\n}\n${CHILD_SOURCE}`,
      });
      const resolution = await resolve(root, ['live/prod/mq/terragrunt.hcl']);
      expect(resolution.errors).toEqual([]);
      expect(resolution.notices.map((notice) => [notice.line, notice.message])).toEqual([
        [2, 'include "env": the path "${get_repo_root()}/env.hcl" is not evaluated by iac-mq-lint, so the inputs it sets were not read'],
      ]);
    });
  });

  describe('inputs', () => {
    const PARENT = 'inputs = {\n  engine = "ActiveMQ"\n  deployment_mode = "ACTIVE_STANDBY_MULTI_AZ"\n  tags = {\n    team = "orders"\n  }\n}\n';
    const CHILD_INPUTS = 'inputs = {\n  deployment_mode = "SINGLE_INSTANCE"\n  tags = {\n    environment = "prod"\n  }\n}\n';

    it('merges the included inputs shallowly under the configuration\'s own: the child wins whole values', async () => {
      const root = deploymentTree({
        'live/root.hcl': PARENT,
        'live/prod/mq/terragrunt.hcl': `include "root" {\n  path = find_in_parent_folders("root.hcl")\n}\n${CHILD_SOURCE}${CHILD_INPUTS}`,
      });
      expect(await inputsOf(root, 'live/prod/mq/terragrunt.hcl')).toEqual({
        engine: 'ActiveMQ',
        deployment_mode: 'SINGLE_INSTANCE',
        tags: { environment: 'prod' },
      });
    });

    it('merges maps recursively with merge_strategy = "deep", and not at all with "no_merge"', async () => {
      const root = deploymentTree({
        'live/root.hcl': PARENT,
        'live/prod/deep/terragrunt.hcl': `include "root" {\n  path           = find_in_parent_folders("root.hcl")\n  merge_strategy = "deep"\n}\n${CHILD_SOURCE}${CHILD_INPUTS}`,
        'live/prod/none/terragrunt.hcl': `include "root" {\n  path           = find_in_parent_folders("root.hcl")\n  merge_strategy = "no_merge"\n}\n${CHILD_SOURCE}${CHILD_INPUTS}`,
      });
      expect(await inputsOf(root, 'live/prod/deep/terragrunt.hcl')).toEqual({
        engine: 'ActiveMQ',
        deployment_mode: 'SINGLE_INSTANCE',
        tags: { team: 'orders', environment: 'prod' },
      });
      expect(await inputsOf(root, 'live/prod/none/terragrunt.hcl')).toEqual({ deployment_mode: 'SINGLE_INSTANCE', tags: { environment: 'prod' } });
    });

    it('evaluates local.* from the configuration\'s locals, which may refer to each other', async () => {
      const root = deploymentTree({
        'live/prod/mq/terragrunt.hcl': `locals {\n  environment = "prod"\n  name        = "orders-\${local.environment}"\n}\n${CHILD_SOURCE}inputs = {\n  environment = local.environment\n  name        = local.name\n}\n`,
      });
      expect(await inputsOf(root, 'live/prod/mq/terragrunt.hcl')).toEqual({ environment: 'prod', name: 'orders-prod' });
    });

    it('leaves locals that refer to each other in a cycle unknown, without waiting on themselves', async () => {
      const root = deploymentTree({
        'live/prod/mq/terragrunt.hcl': `locals {\n  a = local.b\n  b = local.a\n}\n${CHILD_SOURCE}inputs = {\n  mode = [local.a, local.b]\n}\n`,
      });
      const resolution = await resolve(root, ['live/prod/mq/terragrunt.hcl']);
      expect(resolution.deployments[0]?.inputs.get('mode')).toMatchObject({ known: true });
      expect(toPlain(resolution.deployments[0]?.inputs.get('mode') as Value)).toBeUndefined();
    });

    it('leaves dependency outputs and Terragrunt functions unknown, with the reason', async () => {
      const root = deploymentTree({
        'live/prod/mq/terragrunt.hcl': `${CHILD_SOURCE}inputs = {\n  subnet_ids = dependency.vpc.outputs.private_subnet_ids\n  region     = get_env("AWS_REGION", "eu-west-1")\n}\n`,
      });
      const resolution = await resolve(root, ['live/prod/mq/terragrunt.hcl']);
      const inputs = resolution.deployments[0]?.inputs;
      expect(inputs?.get('subnet_ids')).toMatchObject({ known: false, reason: 'dependency.vpc.outputs.private_subnet_ids is an output of another Terragrunt deployment, which iac-mq-lint does not read' });
      expect(inputs?.get('region')).toMatchObject({ known: false, reason: 'function get_env() is not evaluated by iac-mq-lint' });
    });
  });

  describe('terraform { source }', () => {
    it('resolves a local source relative to the configuration, `//` naming a subdirectory', async () => {
      const root = deploymentTree({ 'modules/mq/main.tf': BROKER_MODULE, 'live/prod/mq/terragrunt.hcl': CHILD_SOURCE });
      const resolution = await resolve(root, ['live/prod/mq/terragrunt.hcl']);
      expect(resolution.deployments.map((deployment) => path.relative(root, deployment.moduleDirectory))).toEqual(['modules/mq']);
      expect(resolution.deployments[0]?.moduleCalls.map((call) => at(root, call))).toEqual(['live/prod/mq/terragrunt.hcl:1:1']);
    });

    it('takes the source an included configuration sets, with path_relative_to_include()', async () => {
      const root = deploymentTree({
        'modules/prod/mq/main.tf': BROKER_MODULE,
        'live/root.hcl': 'terraform {\n  source = "${get_parent_terragrunt_dir()}/../modules//${path_relative_to_include()}"\n}\n',
        'live/prod/mq/terragrunt.hcl': 'include "root" {\n  path = find_in_parent_folders("root.hcl")\n}\n',
      });
      const resolution = await resolve(root, ['live/prod/mq/terragrunt.hcl']);
      expect(resolution.deployments.map((deployment) => path.relative(root, deployment.moduleDirectory))).toEqual(['modules/prod/mq']);
    });

    it('applies the configuration\'s own directory when no configuration sets a source', async () => {
      const root = deploymentTree({ 'live/prod/mq/main.tf': BROKER_MODULE, 'live/prod/mq/terragrunt.hcl': 'inputs = {\n  deployment_mode = "SINGLE_INSTANCE"\n}\n' });
      const resolution = await resolve(root, ['live/prod/mq/terragrunt.hcl']);
      expect(resolution.deployments.map((deployment) => path.relative(root, deployment.moduleDirectory))).toEqual(['live/prod/mq']);
    });

    it('says a remote source that mentions MQ was not checked, and keeps quiet about others', async () => {
      const root = deploymentTree({
        'live/prod/mq/terragrunt.hcl': 'terraform {\n  source = "git::https://github.com/acme/terraform-aws-mq.git//broker?ref=v1.2.0"\n}\n',
        'live/prod/dns/terragrunt.hcl': 'terraform {\n  source = "tfr:///terraform-aws-modules/route53/aws?version=2.0.0"\n}\n',
      });
      const resolution = await resolve(root, ['live/prod/dns/terragrunt.hcl', 'live/prod/mq/terragrunt.hcl']);
      expect(resolution.deployments).toEqual([]);
      expect(resolution.errors).toEqual([]);
      expect(resolution.notices).toEqual([
        {
          file: path.join(root, 'live/prod/mq/terragrunt.hcl'),
          line: 2,
          column: 12,
          message: 'module source "git::https://github.com/acme/terraform-aws-mq.git//broker?ref=v1.2.0" is not on disk; its brokers were not checked',
        },
      ]);
    });
  });

  it('reports a malformed configuration as a file error with its line', async () => {
    const root = deploymentTree({ 'live/prod/mq/terragrunt.hcl': `${CHILD_SOURCE}inputs = {\n  deployment_mode = \n}\n` });
    const resolution = await resolve(root, ['live/prod/mq/terragrunt.hcl']);
    expect(resolution.deployments).toEqual([]);
    expect(resolution.errors).toHaveLength(1);
    expect(resolution.errors[0]).toMatchObject({ file: path.join(root, 'live/prod/mq/terragrunt.hcl'), line: 5 });
  });

  it('reports a malformed included configuration at its own line', async () => {
    const root = deploymentTree({
      'live/root.hcl': 'inputs = {\n  region = \n}\n',
      'live/prod/mq/terragrunt.hcl': `include "root" {\n  path = find_in_parent_folders("root.hcl")\n}\n${CHILD_SOURCE}`,
    });
    const resolution = await resolve(root, ['live/prod/mq/terragrunt.hcl']);
    expect(resolution.errors).toHaveLength(1);
    expect(resolution.errors[0]).toMatchObject({ file: path.join(root, 'live/root.hcl'), line: 2 });
  });
});

describe('scanning Terragrunt deployments', () => {
  it('evaluates the module once per terragrunt.hcl, each its own root and context with its directory as evidence', { timeout: SCAN_TIMEOUT_MS }, async () => {
    const root = tree({
      'modules/mq/main.tf': BROKER_MODULE,
      'live/prod/mq/terragrunt.hcl': `${CHILD_SOURCE}inputs = {\n  deployment_mode = "SINGLE_INSTANCE"\n}\n`,
      'live/dev/mq/terragrunt.hcl': `${CHILD_SOURCE}inputs = {\n  deployment_mode = "SINGLE_INSTANCE"\n}\n`,
    });
    const result = await scanTree(root);
    expect(result.errors).toEqual([]);
    const brokers = result.deployments.map((deployment) => ({
      root: path.relative(root, deployment.root),
      contexts: deployment.contexts.map((context) => context.name),
      evidence: deployment.contexts[0]?.brokers[0]?.evidence.map((evidence) => evidence.description),
      environment: deployment.contexts[0]?.brokers[0]?.classification.environment,
    }));
    expect(brokers).toEqual([
      { root: 'live/dev/mq', contexts: ['live/dev/mq'], evidence: ['terragrunt live/dev/mq/terragrunt.hcl', 'directory live/dev/mq'], environment: 'non-production' },
      { root: 'live/prod/mq', contexts: ['live/prod/mq'], evidence: ['terragrunt live/prod/mq/terragrunt.hcl', 'directory live/prod/mq'], environment: 'production' },
    ]);
    // The module is not also evaluated as a root of its own, with its default.
    expect(findingsAt(root, result)).toEqual(['MQ001 live/prod/mq/terragrunt.hcl:5:22']);
  });

  it('ranks the inputs below terraform.tfvars and TF_VAR_, as Terraform receives them as TF_VAR_', { timeout: SCAN_TIMEOUT_MS }, async () => {
    const root = tree({
      'modules/mq/main.tf': BROKER_MODULE,
      'live/prod/mq/terragrunt.hcl': `${CHILD_SOURCE}inputs = {\n  deployment_mode = "SINGLE_INSTANCE"\n}\n`,
    });
    expect(findingsAt(root, await scanTree(root))).toEqual(['MQ001 live/prod/mq/terragrunt.hcl:5:22']);
    expect(findingsAt(root, await scanTree(root, '.', { env: { TF_VAR_deployment_mode: 'ACTIVE_STANDBY_MULTI_AZ' } }))).toEqual([]);
    expect(findingsAt(root, await scanTree(root, '.', { vars: [{ name: 'deployment_mode', value: 'ACTIVE_STANDBY_MULTI_AZ' }] }))).toEqual([]);
    const withTfvars = tree({
      'modules/mq/main.tf': BROKER_MODULE,
      'modules/mq/terraform.tfvars': 'deployment_mode = "ACTIVE_STANDBY_MULTI_AZ"\n',
      'live/prod/mq/terragrunt.hcl': `${CHILD_SOURCE}inputs = {\n  deployment_mode = "SINGLE_INSTANCE"\n}\n`,
    });
    expect(findingsAt(withTfvars, await scanTree(withTfvars))).toEqual([]);
  });

  it('stays silent when an input is unknown, rather than falling back to the module default', { timeout: SCAN_TIMEOUT_MS }, async () => {
    const root = tree({
      'modules/mq/main.tf': BROKER_MODULE.replace('"ACTIVE_STANDBY_MULTI_AZ"', '"SINGLE_INSTANCE"'),
      'live/prod/mq/terragrunt.hcl': `${CHILD_SOURCE}inputs = {\n  deployment_mode = dependency.settings.outputs.mode\n}\n`,
    });
    expect(findingsAt(root, await scanTree(root))).toEqual([]);
  });

  it('leaves every module default uncertain when the inputs cannot be evaluated as a whole', { timeout: SCAN_TIMEOUT_MS }, async () => {
    const root = tree({
      'modules/mq/main.tf': BROKER_MODULE.replace('"ACTIVE_STANDBY_MULTI_AZ"', '"SINGLE_INSTANCE"'),
      'live/prod/mq/terragrunt.hcl': `${CHILD_SOURCE}inputs = merge(dependency.settings.outputs, {\n  name = "orders"\n})\n`,
    });
    expect(findingsAt(root, await scanTree(root))).toEqual([]);
  });

  it('lifts a finding in a module outside the scan to the terraform block that deploys it', { timeout: SCAN_TIMEOUT_MS }, async () => {
    const root = tree({
      'modules/mq/main.tf': SINGLE_INSTANCE_MODULE,
      'live/prod/mq/terragrunt.hcl': CHILD_SOURCE,
    });
    const result = await scanTree(root, 'live/prod/mq');
    expect(result.errors).toEqual([]);
    expect(findingsAt(root, result)).toEqual(['MQ001 live/prod/mq/terragrunt.hcl:1:1']);
    // Scanning the module too, the fix belongs where the value is written.
    expect(findingsAt(root, await scanTree(root))).toEqual(['MQ001 modules/mq/main.tf:11:25']);
  });

  it('keeps the input location in terragrunt.hcl when only the deployment is scanned', { timeout: SCAN_TIMEOUT_MS }, async () => {
    const root = tree({
      'modules/mq/main.tf': BROKER_MODULE,
      'live/prod/mq/terragrunt.hcl': `${CHILD_SOURCE}inputs = {\n  deployment_mode = "SINGLE_INSTANCE"\n}\n`,
    });
    expect(findingsAt(root, await scanTree(root, 'live/prod/mq/terragrunt.hcl'))).toEqual(['MQ001 live/prod/mq/terragrunt.hcl:5:22']);
  });
});
