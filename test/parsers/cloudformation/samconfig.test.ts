import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SourceRange } from '../../../src/model/source.js';
import type { ParameterValue } from '../../../src/parsers/cloudformation/parameter-file.js';
import { readSamConfig, SamConfigError, type SamConfigEnvironment, type SamConfigFile } from '../../../src/parsers/cloudformation/samconfig.js';
import { PROJECT_ROOT } from '../../support/project-root.js';

const FIXTURE = path.join(PROJECT_ROOT, 'test/environment/fixtures/cloudformation/samconfig/samconfig.toml');

/** A range as `[startLine, startColumn, endLine, endColumn]`, so expectations stay readable. */
function span(range: SourceRange): [number, number, number, number] {
  return [range.start.line, range.start.column, range.end.line, range.end.column];
}

/** Each value as `[name, value, nameSpan, valueSpan]`. */
function summarize(values: ParameterValue[]): Array<[string, string, number[], number[]]> {
  return values.map((value) => [value.name, value.value, span(value.nameRange), span(value.range)]);
}

function environment(file: SamConfigFile, name: string): SamConfigEnvironment {
  const found = file.environments.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no samconfig environment ${name}`);
  return found;
}

/** The error `readSamConfig` throws, as `[message, line, column]`. */
function readError(text: string): [string, number | undefined, number | undefined] {
  try {
    readSamConfig('/repo/samconfig.toml', text);
  } catch (error) {
    if (!(error instanceof SamConfigError)) throw error;
    expect(error.file).toBe('/repo/samconfig.toml');
    return [error.message, error.line, error.column];
  }
  throw new Error('expected a SamConfigError');
}

describe('readSamConfig: the fixture of two environments', () => {
  const text = readFileSync(FIXTURE, 'utf8');
  const file = readSamConfig(FIXTURE, text);
  const written = (range: SourceRange): string => text.slice(range.start.offset, range.end.offset);

  it('lists the environments that configure sam deploy, by name', () => {
    expect(file.environments.map((candidate) => candidate.name)).toEqual(['default', 'prod', 'reports']);
    expect(span(environment(file, 'prod').range)).toEqual([20, 1, 20, 25]);
    expect(written(environment(file, 'prod').range)).toBe('[prod.deploy.parameters]');
  });

  it('reads string overrides with escaped quotes, pointing at the content of each value', () => {
    const dev = environment(file, 'default');
    expect(summarize(dev.parameters)).toEqual([
      ['Environment', 'dev', [12, 24, 12, 35], [12, 38, 12, 41]],
      ['DeploymentMode', 'SINGLE_INSTANCE', [12, 44, 12, 58], [12, 59, 12, 74]],
      ['BrokerName', 'orders dev', [12, 75, 12, 85], [12, 88, 12, 98]],
    ]);
    for (const parameter of dev.parameters) {
      expect(written(parameter.nameRange)).toBe(parameter.name);
      expect(written(parameter.range)).toBe(parameter.value);
    }
  });

  it('reads list overrides across lines and comments', () => {
    expect(summarize(environment(file, 'prod').parameters)).toEqual([
      ['Environment', 'prod', [24, 4, 24, 15], [24, 16, 24, 20]],
      ['DeploymentMode', 'ACTIVE_STANDBY_MULTI_AZ', [25, 4, 25, 18], [25, 19, 25, 42]],
      ['BrokerName', 'orders-prod', [26, 4, 26, 14], [26, 15, 26, 26]],
    ]);
  });

  it('takes a deploy setting over the global one, and a global one the deploy table lacks', () => {
    const prod = environment(file, 'prod');
    expect(prod.stackName?.value).toBe('orders-mq-prod');
    expect(span(prod.stackName?.range ?? prod.range)).toEqual([21, 15, 21, 29]);
    const dev = environment(file, 'default');
    expect(dev.stackName?.value).toBe('orders-mq');
    expect(span(dev.stackName?.range ?? dev.range)).toEqual([6, 15, 6, 24]);
  });

  it('reads tags written as a string and as a list', () => {
    expect(summarize(environment(file, 'default').tags)).toEqual([
      ['project', 'orders', [13, 9, 13, 16], [13, 19, 13, 25]],
      ['Environment', 'dev', [13, 28, 13, 39], [13, 42, 13, 45]],
    ]);
    expect(summarize(environment(file, 'prod').tags)).toEqual([
      ['project', 'orders', [28, 10, 28, 17], [28, 18, 28, 24]],
      ['Environment', 'production', [28, 28, 28, 39], [28, 40, 28, 50]],
    ]);
  });

  it('reads the template file an environment deploys', () => {
    expect(environment(file, 'reports').templateFile?.value).toBe('reports.yaml');
    expect(environment(file, 'prod').templateFile).toBeUndefined();
  });
});

describe('readSamConfig: TOML and SAM forms', () => {
  it('maps escapes, literal strings and multi-line strings back to the text as written', () => {
    const text = [
      '[prod.deploy.parameters]',
      'parameter_overrides = "Environment=\\u0070rod Mode=\'ACTIVE_STANDBY_MULTI_AZ\'"',
      "stack_name = 'orders-mq-prod'",
      'tags = """',
      'Environment=prod \\',
      '    team=orders"""',
    ].join('\n');
    const prod = environment(readSamConfig('/repo/samconfig.toml', text), 'prod');
    expect(summarize(prod.parameters)).toEqual([
      ['Environment', 'prod', [2, 24, 2, 35], [2, 36, 2, 45]],
      ['Mode', 'ACTIVE_STANDBY_MULTI_AZ', [2, 46, 2, 50], [2, 52, 2, 75]],
    ]);
    expect(span(prod.stackName?.range ?? prod.range)).toEqual([3, 15, 3, 29]);
    expect(summarize(prod.tags)).toEqual([
      ['Environment', 'prod', [5, 1, 5, 12], [5, 13, 5, 17]],
      ['team', 'orders', [6, 5, 6, 9], [6, 10, 6, 16]],
    ]);
  });

  it('reads the long ParameterKey=…,ParameterValue=… form', () => {
    const text = ['[default.deploy.parameters]', 'parameter_overrides = "ParameterKey=Environment,ParameterValue=staging"'].join('\n');
    expect(summarize(environment(readSamConfig('/repo/samconfig.toml', text), 'default').parameters)).toEqual([
      ['Environment', 'staging', [2, 37, 2, 48], [2, 64, 2, 71]],
    ]);
  });

  it('keeps the last value of a parameter set twice', () => {
    const text = ['[default.deploy.parameters]', 'parameter_overrides = ["Env=dev", "Env=prod"]'].join('\n');
    expect(environment(readSamConfig('/repo/samconfig.toml', text), 'default').parameters.map((parameter) => parameter.value)).toEqual(['prod']);
  });

  it('points at the nearest header when a table is written with dotted keys', () => {
    const text = ['version = 0.1', '[staging]', 'deploy.parameters.parameter_overrides = "Environment=staging"'].join('\n');
    const staging = environment(readSamConfig('/repo/samconfig.toml', text), 'staging');
    expect(span(staging.range)).toEqual([2, 1, 2, 10]);
    expect(summarize(staging.parameters)).toEqual([['Environment', 'staging', [2, 1, 2, 10], [2, 1, 2, 10]]]);
  });

  it('leaves out environments that configure other commands only', () => {
    const text = ['[default.build.parameters]', 'cached = true', '[default.local_start_api.parameters]', 'port = 3000'].join('\n');
    expect(readSamConfig('/repo/samconfig.toml', text).environments).toEqual([]);
  });
});

describe('readSamConfig: errors', () => {
  it('reports invalid TOML with the line and column the parser gives', () => {
    const text = readFileSync(path.join(PROJECT_ROOT, 'test/environment/fixtures/cloudformation/bad-samconfig/samconfig.toml'), 'utf8');
    const [message, line] = readError(text);
    expect(message).toMatch(/^invalid TOML: /);
    expect(line).toBe(5);
  });

  it('reports a parameter_overrides that is neither a string nor a list of strings, at its key', () => {
    expect(readError(['[prod.deploy.parameters]', 'parameter_overrides = 8'].join('\n'))).toEqual([
      'parameter_overrides of samconfig environment prod must be a string or a list of strings',
      2,
      1,
    ]);
  });

  it('reports overrides that are not Key=Value pairs', () => {
    expect(readError(['[prod.deploy.parameters]', 'parameter_overrides = "prod"'].join('\n'))).toEqual([
      'parameter_overrides of samconfig environment prod is not Key=Value pairs: prod',
      2,
      1,
    ]);
  });

  it('reports a stack name that is not a string', () => {
    expect(readError(['[prod.deploy.parameters]', 'stack_name = ["a", "b"]'].join('\n'))).toEqual([
      'stack_name of samconfig environment prod must be a string',
      2,
      1,
    ]);
  });
});
