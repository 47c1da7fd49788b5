import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../support/project-root.js';
import { runCli } from '../support/run-cli.js';
import { temporaryDirectoryWith } from '../support/temporary-directory.js';

const BROKER = (mode: string) =>
  `resource "aws_mq_broker" "orders" {\n  engine_type     = "ActiveMQ"\n  deployment_mode = ${mode}\n}\n`;

describe('environments on the command line', () => {
  it('explains each context, its environment and the evidence (--explain)', async () => {
    const run = await runCli(['fixtures/environments/tfvars-beside-root', '--explain'], PROJECT_ROOT);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatchSnapshot();
  });

  it('writes the explanation to standard error when the report is machine-readable', async () => {
    const run = await runCli(['fixtures/environments/workspace-map', '--explain', '--format', 'json'], PROJECT_ROOT);
    expect(() => JSON.parse(run.stdout) as unknown).not.toThrow();
    expect(run.stderr).toContain('context workspace prod');
  });

  it('reports an unknown environment as a warning, changeable with --unknown-environment', async () => {
    const root = temporaryDirectoryWith({ 'main.tf': BROKER('"SINGLE_INSTANCE"') });
    const warned = await runCli(['.'], root);
    expect(warned.exitCode).toBe(0);
    expect(warned.stdout).toContain('main.tf:3:22  warning');
    expect(warned.stdout).toContain('May be production: no environment evidence.');
    const failed = await runCli(['.', '--unknown-environment', 'error'], root);
    expect(failed.exitCode).toBe(1);
    expect(failed.stdout).toContain('main.tf:3:22  error');
    const ignored = await runCli(['.', '--unknown-environment', 'ignore'], root);
    expect(ignored.stdout).toContain('No problems found.');
  });

  it('shows non-production findings as notes only with --include-non-production, and forces with --environment', async () => {
    const root = temporaryDirectoryWith({ 'dev/main.tf': BROKER('"SINGLE_INSTANCE"') });
    expect((await runCli(['.'], root)).stdout).toContain('No problems found.');
    const notes = await runCli(['.', '--include-non-production'], root);
    expect(notes.exitCode).toBe(0);
    expect(notes.stdout).toContain('dev/main.tf:3:22  note');
    expect(notes.stdout).toContain('Not production (directory dev).');
    const forced = await runCli(['.', '--environment', 'production'], root);
    expect(forced.exitCode).toBe(1);
    expect(forced.stdout).toContain('In production (--environment production (despite directory dev)).');
  });

  it('carries the environment and evidence into SARIF properties', async () => {
    const run = await runCli(['fixtures/environments/tfvars-beside-root', '--format', 'sarif'], PROJECT_ROOT);
    const sarif = JSON.parse(run.stdout) as { runs: Array<{ results: Array<{ properties: Record<string, unknown> }> }> };
    const [result] = sarif.runs[0]?.results ?? [];
    expect(result?.properties['environment']).toBe('production');
    expect(result?.properties['evidence']).toEqual([
      { context: 'prod.tfvars', kind: 'context-name', description: 'var file fixtures/environments/tfvars-beside-root/prod.tfvars' },
    ]);
  });
});

describe('.iac-mq-lint.yml', () => {
  it('is found from the scanned path upwards and maps paths to environments', async () => {
    const root = temporaryDirectoryWith({
      '.iac-mq-lint.yml': 'environments:\n  mappings:\n    - path: apps/billing/\n      environment: production\n',
      'apps/billing/main.tf': BROKER('"SINGLE_INSTANCE"'),
    });
    const run = await runCli(['apps'], root);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('apps/billing/main.tf:3:22  error');
    expect(run.stdout).toContain('path apps/billing/ is mapped to production in .iac-mq-lint.yml:3');
  });

  it('sets the unknown-environment policy, words, excludes and rule levels', async () => {
    const root = temporaryDirectoryWith({
      'lint.yml': [
        'environments:',
        '  patterns:',
        '    production: [blue]',
        '  unknown: ignore',
        'rules:',
        '  MQ001: warning',
        'exclude:',
        '  - vendor/',
        '',
      ].join('\n'),
      'blue/main.tf': BROKER('"SINGLE_INSTANCE"'),
      'unknown/main.tf': BROKER('"SINGLE_INSTANCE"'),
      'vendor/prod/main.tf': BROKER('"SINGLE_INSTANCE"'),
    });
    const run = await runCli(['.', '--config', 'lint.yml'], root);
    expect(run.stdout).toContain('blue/main.tf:3:22  warning');
    expect(run.stdout).not.toContain('unknown/main.tf');
    expect(run.stdout).not.toContain('vendor/prod');
    expect(run.exitCode).toBe(0);
  });

  it('turns a rule off', async () => {
    const root = temporaryDirectoryWith({ '.iac-mq-lint.yml': 'rules:\n  MQ001: off\n', 'prod/main.tf': BROKER('"SINGLE_INSTANCE"') });
    const run = await runCli(['.'], root);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).not.toContain('[MQ001');
  });

  it('stops with exit 2 and file:line:column for a typo, before scanning', async () => {
    const root = temporaryDirectoryWith({ '.iac-mq-lint.yml': 'enviroments:\n  unknown: error\n', 'prod/main.tf': BROKER('"SINGLE_INSTANCE"') });
    const run = await runCli(['.'], root);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe('iac-mq-lint: .iac-mq-lint.yml:1:1: unknown key "enviroments" (did you mean "environments"?)\n');
    expect(run.stdout).toBe('');
  });
});
