import { readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deploymentCost } from '../../src/pricing/deployment-cost.js';
import { PROJECT_ROOT } from '../support/project-root.js';
import { runCli } from '../support/run-cli.js';
import { temporaryDirectoryWith } from '../support/temporary-directory.js';

// These tests pin how brokers are evaluated and reported, so every deployment counts as production;
// test/environment covers how environments are decided.
const IN_PRODUCTION = ['--environment', 'production'];


// It has an owner and an audit log, so that only its deployment mode can be reported.
const SINGLE_INSTANCE_BROKER = `resource "aws_mq_broker" "orders" {
  broker_name        = "orders"
  engine_type        = "ActiveMQ"
  engine_version     = "5.18"
  host_instance_type = "mq.m5.large"
  deployment_mode    = "SINGLE_INSTANCE"
  tags               = { Owner = "orders" }

  logs {
    audit = true
  }
  auto_minor_version_upgrade = true

  user {
    username = "admin"
    password = "correct-horse-battery"
  }
}
`;

const HIGHLY_AVAILABLE_BROKER = SINGLE_INSTANCE_BROKER.replace('SINGLE_INSTANCE', 'ACTIVE_STANDBY_MULTI_AZ');

describe('iac-mq-lint CLI', () => {
  it('exits 1 and reports file:line:col with the rule when a single-instance broker is found', async () => {
    const root = temporaryDirectoryWith({ 'infra/main.tf': SINGLE_INSTANCE_BROKER });
    const run = await runCli([...IN_PRODUCTION, 'infra'], root);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('infra/main.tf:6:25  error  ActiveMQ broker aws_mq_broker.orders uses deployment mode SINGLE_INSTANCE');
    expect(run.stdout).toContain('[MQ001 single-instance-activemq]');
    expect(run.stderr).toBe('');
  });

  it('tells the price of the fix in text, JSON params and SARIF properties', async () => {
    const root = temporaryDirectoryWith({ 'main.tf': `provider "aws" {\n  region = "eu-west-1"\n}\n\n${SINGLE_INSTANCE_BROKER}` });
    const text = await runCli([...IN_PRODUCTION], root);
    expect(text.stdout).toContain(
      'Use ACTIVE_STANDBY_MULTI_AZ. Cost: mq.m5.large single instance about $210/month, active/standby about $420/month (+$210) ' +
        'at us-east-1 prices of 2026-10; eu-west-1 may differ. In production',
    );
    const json = JSON.parse((await runCli([...IN_PRODUCTION, '--format', 'json'], root)).stdout) as { findings: Array<{ params: Record<string, unknown> }> };
    expect(json.findings[0]?.params).toMatchObject({ instanceType: 'mq.m5.large', monthlyCost: 210.24, haMonthlyCost: 420.48, costDelta: 210.24, costEstimate: false });
    const sarif = JSON.parse((await runCli([...IN_PRODUCTION, '--format', 'sarif'], root)).stdout) as { runs: Array<{ results: Array<{ properties: Record<string, unknown> }> }> };
    expect(sarif.runs[0]?.results[0]?.properties['cost']).toEqual({ currency: 'USD', ...deploymentCost('ACTIVEMQ', 'mq.m5.large', 'eu-west-1') });
  });

  it('exits 0 when every broker is highly available', async () => {
    const root = temporaryDirectoryWith({ 'main.tf': HIGHLY_AVAILABLE_BROKER });
    const run = await runCli([...IN_PRODUCTION], root);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('No problems found.');
  });

  it('honours --fail-on none', async () => {
    const root = temporaryDirectoryWith({ 'main.tf': SINGLE_INSTANCE_BROKER });
    expect((await runCli([...IN_PRODUCTION, '--fail-on', 'none'], root)).exitCode).toBe(0);
  });

  it('exits 2 for a usage error, with one line and no stack trace', async () => {
    const root = temporaryDirectoryWith({});
    const run = await runCli([...IN_PRODUCTION, '--format', 'xml'], root);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/argument 'xml' is invalid/);
    expect(run.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('exits 2 for a path that does not exist, and still scans the others', async () => {
    const root = temporaryDirectoryWith({ 'main.tf': SINGLE_INSTANCE_BROKER });
    const run = await runCli([...IN_PRODUCTION, 'main.tf', 'missing'], root);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toContain('missing');
    expect(run.stdout).toContain('path does not exist');
    expect(run.stdout).toContain('main.tf:6:25  error');
  });

  it('exits 2 for malformed HCL, naming file and line, and reports the other files', async () => {
    const root = temporaryDirectoryWith({
      'broken/main.tf': 'resource "aws_mq_broker" "broken" {\n  engine_type = \n}\n',
      'good/main.tf': SINGLE_INSTANCE_BROKER,
    });
    const run = await runCli([...IN_PRODUCTION, '.'], root);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toMatch(/broken\/main\.tf:2:\d+ {2}error {2}Invalid expression/);
    expect(run.stdout).toContain('good/main.tf:6:25  error');
    expect(run.stderr).toBe('');
  });

  it('reports a syntax error that hides a broker from the position index', async () => {
    const root = temporaryDirectoryWith({
      'main.tf': 'variable "mode" {\n  default = "SINGLE_INSTANCE"\n\n' + SINGLE_INSTANCE_BROKER,
    });
    const run = await runCli([...IN_PRODUCTION, '.'], root);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toMatch(/main\.tf:\d+:\d+ {2}error {2}Unclosed configuration block/);
  });

  it('exits 2 for a binary file named .tf that mentions a broker, without crashing', async () => {
    const root = temporaryDirectoryWith({
      'bin/main.tf': Buffer.concat([Buffer.from('aws_mq_broker'), Buffer.from([0, 1, 2, 255, 0])]),
      'ok/main.tf': HIGHLY_AVAILABLE_BROKER,
    });
    const run = await runCli([...IN_PRODUCTION, '.'], root);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toContain('bin/main.tf:1:1  error  binary file: it contains NUL bytes');
  });

  it('accepts an empty file', async () => {
    const root = temporaryDirectoryWith({ 'empty.tf': '', 'main.tf': HIGHLY_AVAILABLE_BROKER });
    expect((await runCli([...IN_PRODUCTION, '.'], root)).exitCode).toBe(0);
  });

  it('reports 3,000-deep nesting as an error instead of overflowing the stack', async () => {
    const deep = `locals {\n  deep = ${'['.repeat(3000)}${']'.repeat(3000)}\n}\n`;
    const root = temporaryDirectoryWith({ 'main.tf': deep + SINGLE_INSTANCE_BROKER });
    const run = await runCli([...IN_PRODUCTION, '.'], root);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toContain('main.tf');
    expect(run.stdout).toContain('nests brackets more than 500 deep');
  });

  it('scans a 5 MB file that mentions a broker', async () => {
    const filler = Array.from({ length: 62_000 }, (_, index) => `variable "filler_${index}" {\n  default = "${'x'.repeat(40)}"\n}\n`).join('');
    expect(filler.length).toBeGreaterThan(5_000_000);
    const root = temporaryDirectoryWith({ 'main.tf': SINGLE_INSTANCE_BROKER + filler });
    const run = await runCli([...IN_PRODUCTION, '.'], root);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('main.tf:6:25  error');
  }, 120_000);

  it('terminates on a symbolic link loop', async () => {
    const root = temporaryDirectoryWith({ 'infra/main.tf': SINGLE_INSTANCE_BROKER });
    symlinkSync('..', path.join(root, 'infra', 'loop'));
    const run = await runCli([...IN_PRODUCTION, '.'], root);
    expect(run.exitCode).toBe(1);
    expect(run.stdout.match(/error {2}ActiveMQ broker/g)).toHaveLength(1);
  });

  it('terminates on locals that depend on each other, leaving the value unknown as Terraform would reject it', async () => {
    const root = temporaryDirectoryWith({
      'main.tf':
        'locals {\n  a = local.b\n  b = "${local.c}-x"\n  c = local.a\n  d = "SINGLE_INSTANCE"\n}\n' +
        'resource "aws_mq_broker" "cyclic" {\n  engine_type     = "ActiveMQ"\n  deployment_mode = local.a\n}\n' +
        'resource "aws_mq_broker" "plain" {\n  engine_type     = "ActiveMQ"\n  deployment_mode = local.d\n}\n',
    });
    const run = await runCli([...IN_PRODUCTION, '.'], root);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('main.tf:5:8  error');
    // Never reported as a single instance; MQ003 says its mode is unknown, and why.
    expect(run.stdout).not.toMatch(/error .*aws_mq_broker\.cyclic/);
    expect(run.stdout).toMatch(/main\.tf:9:21 {2}warning {2}The deployment mode of broker aws_mq_broker\.cyclic cannot be determined: local\.a depends on itself/);
  });

  it('writes the report to --output and prints the same bytes on every run', async () => {
    // RabbitMQ has no audit log to enable, and its current version is 3.13.
    const rabbitBroker = SINGLE_INSTANCE_BROKER.replace('ActiveMQ', 'RabbitMQ').replace('"5.18"', '"3.13"').replace('\n  logs {\n    audit = true\n  }\n', '');
    const root = temporaryDirectoryWith({ 'a/main.tf': SINGLE_INSTANCE_BROKER, 'b/main.tf': rabbitBroker });
    const first = await runCli([...IN_PRODUCTION, '.', '--format', 'sarif', '--output', 'out.sarif'], root);
    expect(first.exitCode).toBe(1);
    const firstReport = readFileSync(path.join(root, 'out.sarif'), 'utf8');
    await runCli([...IN_PRODUCTION, '.', '--format', 'sarif', '--output', 'out.sarif'], root);
    expect(readFileSync(path.join(root, 'out.sarif'), 'utf8')).toBe(firstReport);
    const sarif = JSON.parse(firstReport) as { runs: Array<{ results: Array<{ ruleId: string }> }> };
    expect(sarif.runs[0]?.results.map((result) => result.ruleId)).toEqual(['MQ001', 'MQ002']);
    const json = await runCli([...IN_PRODUCTION, '.', '--format', 'json'], root);
    const again = await runCli([...IN_PRODUCTION, '.', '--format', 'json'], root);
    expect(json.stdout).toBe(again.stdout);
  });

  it('reads --var, --var-file, TF_VAR_ and --workspace', async () => {
    const root = temporaryDirectoryWith({
      'main.tf': `variable "mode" {}\nvariable "modes" {\n  default = { default = "ACTIVE_STANDBY_MULTI_AZ", staging = "SINGLE_INSTANCE" }\n}\n` +
        `resource "aws_mq_broker" "a" {\n  engine_type     = "ActiveMQ"\n  deployment_mode = var.mode\n}\n` +
        `resource "aws_mq_broker" "b" {\n  engine_type     = "ActiveMQ"\n  deployment_mode = var.modes[terraform.workspace]\n}\n`,
      'prod.tfvars': 'mode = "SINGLE_INSTANCE"\n',
    });
    // Unforced: var.mode has no value, and of the workspaces var.modes names, staging is not production.
    const unset = await runCli(['main.tf'], root);
    expect(unset.exitCode).toBe(0);
    const fromFile = await runCli([...IN_PRODUCTION, 'main.tf', '--var-file', 'prod.tfvars'], root);
    expect(fromFile.stdout).toContain('prod.tfvars:1:9  error');
    const fromFlag = await runCli([...IN_PRODUCTION, 'main.tf', '--var', 'mode=single_instance'], root);
    expect(fromFlag.stdout).toContain('main.tf:7:21  error');
    const fromEnvironment = await runCli([...IN_PRODUCTION, 'main.tf'], root, { TF_VAR_mode: 'SINGLE_INSTANCE' });
    expect(fromEnvironment.stdout).toContain('main.tf:7:21  error');
    const staging = await runCli([...IN_PRODUCTION, 'main.tf', '--workspace', 'staging'], root);
    expect(staging.stdout).toContain('main.tf:3:63  error');
    const stagingFromEnvironment = await runCli([...IN_PRODUCTION, 'main.tf'], root, { TF_WORKSPACE: 'staging' });
    expect(stagingFromEnvironment.stdout).toContain('main.tf:3:63  error');
  });

  it('names a module that is not on disk as not checked, without failing the scan', async () => {
    const run = await runCli([...IN_PRODUCTION, 'fixtures/MQ001/installed-module'], PROJECT_ROOT);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain(
      'fixtures/MQ001/installed-module/main.tf:13:1  notice  module.mq_not_installed (source "example-org/mq-broker/aws") is not on disk',
    );
    expect(run.stdout).toContain('fixtures/MQ001/installed-module/main.tf:4:1  error  ActiveMQ broker module.mq.aws_mq_broker.this');
  });

  it('prints --version and --help with exit 0', async () => {
    const root = temporaryDirectoryWith({});
    const version = await runCli([...IN_PRODUCTION, '--version'], root);
    expect(version.exitCode).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const help = await runCli([...IN_PRODUCTION, '--help'], root);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('--var-file');
  });
});

describe('--quiet', () => {
  it('shows errors only, and leaves the exit code to the whole result', async () => {
    const root = temporaryDirectoryWith({
      'prod/main.tf': SINGLE_INSTANCE_BROKER,
      'unknown/main.tf': SINGLE_INSTANCE_BROKER.replace('"orders"', '"reports"'),
    });
    const loud = await runCli(['.'], root);
    expect(loud.stdout).toContain('unknown/main.tf:6:25  warning');
    const quiet = await runCli(['.', '--quiet'], root);
    expect(quiet.exitCode).toBe(1);
    expect(quiet.stdout).toContain('prod/main.tf:6:25  error');
    expect(quiet.stdout).not.toContain('warning  ');
    const onlyWarnings = await runCli(['unknown', '--quiet', '--fail-on', 'warning'], root);
    expect(onlyWarnings.exitCode).toBe(1);
    expect(onlyWarnings.stdout).not.toContain('unknown/main.tf');
  });
});
