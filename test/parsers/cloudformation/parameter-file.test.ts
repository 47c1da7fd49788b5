import { describe, expect, it } from 'vitest';
import type { SourceRange } from '../../../src/model/source.js';
import {
  ParameterFileError,
  readParameterFile,
  type ParameterFile,
  type ParameterValue,
} from '../../../src/parsers/cloudformation/parameter-file.js';

/** A range as `[startLine, startColumn, endLine, endColumn]`, so expectations stay readable. */
function span(range: SourceRange): [number, number, number, number] {
  return [range.start.line, range.start.column, range.end.line, range.end.column];
}

/** Each value as `[name, value, nameSpan, valueSpan]`. */
function summarize(values: ParameterValue[]): Array<[string, string, number[], number[]]> {
  return values.map((value) => [value.name, value.value, span(value.nameRange), span(value.range)]);
}

/** Checks that every range covers the text it claims to: the name, and the value as written without quotes. */
function expectRangesMatchSource(file: ParameterFile): void {
  const written = (range: SourceRange): string => file.text.slice(range.start.offset, range.end.offset);
  for (const value of [...file.parameters, ...file.tags]) {
    expect(written(value.nameRange)).toBe(value.name);
    if (!value.value.includes(',')) expect(written(value.range)).toBe(value.value);
  }
  for (const unknown of file.unknownParameters) expect(written(unknown.nameRange)).toBe(unknown.name);
}

/** The error `readParameterFile` throws, as `[message, line, column]`. */
function readError(text: string): [string, number | undefined, number | undefined] {
  try {
    readParameterFile('/repo/params.json', text);
  } catch (error) {
    if (!(error instanceof ParameterFileError)) throw error;
    expect(error.file).toBe('/repo/params.json');
    return [error.message, error.line, error.column];
  }
  throw new Error('expected a ParameterFileError');
}

describe('readParameterFile: AWS CLI arrays', () => {
  const json = [
    '[',
    '  {"ParameterKey": "Env", "ParameterValue": "prod"},',
    '  {"ParameterKey": "Size", "ParameterValue": 8},',
    '  {"ParameterKey": "Public", "ParameterValue": false, "ResolvedValue": "ignored"},',
    '  {"ParameterKey": "Users", "UsePreviousValue": true},',
    '  {"ParameterKey": "Default"},',
    '  {"ParameterKey": "Version", "ParameterValue": 3.10, "UsePreviousValue": false}',
    ']',
  ].join('\n');

  it('reads JSON entries with the ranges of the key and value contents', () => {
    const file = readParameterFile('/repo/params.json', json);
    expect(file.format).toBe('aws-cli');
    expect(summarize(file.parameters)).toEqual([
      ['Env', 'prod', [2, 21, 2, 24], [2, 46, 2, 50]],
      ['Size', '8', [3, 21, 3, 25], [3, 46, 3, 47]],
      ['Public', 'false', [4, 21, 4, 27], [4, 48, 4, 53]],
      ['Version', '3.10', [7, 21, 7, 28], [7, 49, 7, 53]],
    ]);
    expect(file.tags).toEqual([]);
    expectRangesMatchSource(file);
  });

  it('reports UsePreviousValue as unknown and skips an entry that sets no value', () => {
    const file = readParameterFile('/repo/params.json', json);
    expect(file.unknownParameters.map((unknown) => [unknown.name, unknown.reason, span(unknown.nameRange)])).toEqual([
      ['Users', 'uses the previous value of the stack', [5, 21, 5, 26]],
    ]);
    expect(file.parameters.map((parameter) => parameter.name)).not.toContain('Default');
  });

  it('reads the YAML form', () => {
    const yaml = [
      '# staging overrides',
      '- ParameterKey: Env',
      '  ParameterValue: "staging"',
      "- ParameterKey: 'Size'",
      '  ParameterValue: 8',
      '- ParameterKey: Users',
      '  UsePreviousValue: true',
      '',
    ].join('\n');
    const file = readParameterFile('/repo/params.yaml', yaml);
    expect(file.format).toBe('aws-cli');
    expect(summarize(file.parameters)).toEqual([
      ['Env', 'staging', [2, 17, 2, 20], [3, 20, 3, 27]],
      ['Size', '8', [4, 18, 4, 22], [5, 19, 5, 20]],
    ]);
    expect(file.unknownParameters.map((unknown) => [unknown.name, span(unknown.nameRange)])).toEqual([['Users', [6, 17, 6, 22]]]);
    expectRangesMatchSource(file);
  });

  it('keeps only the last setting of a name, whether a value or a previous value', () => {
    const file = readParameterFile(
      '/repo/params.json',
      [
        '[{"ParameterKey": "Env", "ParameterValue": "dev"},',
        ' {"ParameterKey": "Size", "UsePreviousValue": true},',
        ' {"ParameterKey": "Env", "ParameterValue": "prod"},',
        ' {"ParameterKey": "Size", "ParameterValue": "large"}]',
      ].join('\n'),
    );
    expect(summarize(file.parameters)).toEqual([
      ['Env', 'prod', [3, 20, 3, 23], [3, 45, 3, 49]],
      ['Size', 'large', [4, 20, 4, 24], [4, 46, 4, 51]],
    ]);
    expect(file.unknownParameters).toEqual([]);
  });

  it('reads an empty array as no parameters', () => {
    const file = readParameterFile('/repo/params.json', '[]\n');
    expect([file.format, file.parameters, file.unknownParameters]).toEqual(['aws-cli', [], []]);
  });

  it('refuses an entry without ParameterKey at the entry', () => {
    expect(readError('[\n  {"ParameterKey": "Env", "ParameterValue": "prod"},\n  {"ParameterValue": "large"}\n]')).toEqual([
      'this parameter entry has no ParameterKey',
      3,
      3,
    ]);
  });

  it('refuses entries that are not objects, unknown keys and values that are not scalars', () => {
    expect(readError('["Env=prod"]')).toEqual(['expected an object with ParameterKey and ParameterValue', 1, 2]);
    expect(readError('[{"ParameterKey": "Env", "Value": "prod"}]')).toEqual([
      'unexpected key Value in a parameter entry: expected ParameterKey, ParameterValue, UsePreviousValue or ResolvedValue',
      1,
      26,
    ]);
    expect(readError('[{"ParameterKey": "Subnets", "ParameterValue": ["a", "b"]}]')).toEqual([
      'ParameterValue must be a string, number or boolean',
      1,
      48,
    ]);
    expect(readError('[{"ParameterKey": "Env", "ParameterValue": null}]')).toEqual(['ParameterValue must be a string, number or boolean', 1, 44]);
    expect(readError('[{"ParameterKey": "Env", "UsePreviousValue": "true"}]')).toEqual(['UsePreviousValue must be true or false', 1, 46]);
  });

  it('refuses a value together with UsePreviousValue: true, as CloudFormation does', () => {
    expect(readError('[{"ParameterKey": "Env", "ParameterValue": "prod", "UsePreviousValue": true}]')).toEqual([
      'Env has both a ParameterValue and UsePreviousValue: true',
      1,
      45,
    ]);
  });
});

describe('readParameterFile: template configuration objects', () => {
  it('reads JSON parameters and tags, converting numbers and booleans and joining lists', () => {
    const json = [
      '{',
      '  "Parameters": {',
      '    "Env": "prod",',
      '    "BrokerCount": 2,',
      '    "MultiAz": true,',
      '    "Subnets": ["subnet-a", "subnet-b", 3]',
      '  },',
      '  "Tags": {"Environment": "production", "CostCenter": 42},',
      '  "StackPolicy": {"Statement": [{"Effect": "Allow", "Action": "Update:*", "Principal": "*", "Resource": "*"}]}',
      '}',
    ].join('\n');
    const file = readParameterFile('/repo/config.json', json);
    expect(file.format).toBe('template-configuration');
    expect(summarize(file.parameters)).toEqual([
      ['Env', 'prod', [3, 6, 3, 9], [3, 13, 3, 17]],
      ['BrokerCount', '2', [4, 6, 4, 17], [4, 20, 4, 21]],
      ['MultiAz', 'true', [5, 6, 5, 13], [5, 16, 5, 20]],
      ['Subnets', 'subnet-a,subnet-b,3', [6, 6, 6, 13], [6, 16, 6, 43]],
    ]);
    expect(summarize(file.tags)).toEqual([
      ['Environment', 'production', [8, 13, 8, 24], [8, 28, 8, 38]],
      ['CostCenter', '42', [8, 42, 8, 52], [8, 55, 8, 57]],
    ]);
    expect(file.unknownParameters).toEqual([]);
    expectRangesMatchSource(file);
  });

  it('reads the YAML form, with a block list and the last of duplicated names', () => {
    const yaml = [
      'Parameters:',
      '  Env: staging',
      '  EngineVersion: 3.10',
      '  Subnets:',
      '    - subnet-a',
      '    - subnet-b',
      "  Env: 'prod'",
      'Tags:',
      '  Environment: production',
      '',
    ].join('\n');
    const file = readParameterFile('/repo/config.yaml', yaml);
    expect(file.format).toBe('template-configuration');
    expect(summarize(file.parameters)).toEqual([
      ['EngineVersion', '3.10', [3, 3, 3, 16], [3, 18, 3, 22]],
      ['Subnets', 'subnet-a,subnet-b', [4, 3, 4, 10], [5, 5, 6, 15]],
      ['Env', 'prod', [7, 3, 7, 6], [7, 9, 7, 13]],
    ]);
    expect(summarize(file.tags)).toEqual([['Environment', 'production', [9, 3, 9, 14], [9, 16, 9, 26]]]);
    expectRangesMatchSource(file);
  });

  it('reads a configuration with tags only', () => {
    const file = readParameterFile('/repo/config.json', '{"Tags": {"Environment": "dev"}}');
    expect([file.format, file.parameters, summarize(file.tags)]).toEqual([
      'template-configuration',
      [],
      [['Environment', 'dev', [1, 12, 1, 23], [1, 27, 1, 30]]],
    ]);
  });

  it('refuses lists of non-scalars, object values, list tags and unexpected keys', () => {
    expect(readError('{"Parameters": {"Subnets": ["a", {"b": 1}]}}')).toEqual([
      'each item of the value of parameter Subnets must be a string, number or boolean',
      1,
      34,
    ]);
    expect(readError('{"Parameters": {"Env": {"Value": "prod"}}}')).toEqual([
      'the value of parameter Env must be a string, number or boolean',
      1,
      24,
    ]);
    expect(readError('{"Tags": {"Teams": ["a", "b"]}}')).toEqual(['the value of tag Teams must be a string, number or boolean', 1, 20]);
    expect(readError('{"Parameters": ["Env=prod"]}')).toEqual(['Parameters must be an object of names and values', 1, 16]);
    expect(readError('Parameters:\n  Env:\n')).toEqual(['the value of parameter Env must be a string, number or boolean', 2, 7]);
    expect(readError('Parameters:\n  Env: prod\nResources:\n  Broker: {}\n')).toEqual([
      'unexpected key Resources in a template configuration: expected Parameters, Tags or StackPolicy',
      3,
      1,
    ]);
  });

  it('refuses YAML aliases', () => {
    expect(readError('Parameters:\n  A: &value prod\n  B: *value\n')).toEqual([
      'the value of parameter B is a YAML alias, which parameter files do not support',
      3,
      6,
    ]);
  });
});

describe('readParameterFile: Key=Value lines', () => {
  it('reads pairs with comments, blank lines, quotes and several pairs on a line', () => {
    const text = [
      '# production overrides',
      'Env=prod',
      '',
      '   # indented comment',
      'Description="Orders broker"  Owner=\'team=orders\'',
      'Url=https://example.com/a=b Empty= Hash=a#b # trailing comment',
      '',
    ].join('\n');
    const file = readParameterFile('/repo/params.env', text);
    expect(file.format).toBe('key-value');
    expect(summarize(file.parameters)).toEqual([
      ['Env', 'prod', [2, 1, 2, 4], [2, 5, 2, 9]],
      ['Description', 'Orders broker', [5, 1, 5, 12], [5, 14, 5, 27]],
      ['Owner', 'team=orders', [5, 30, 5, 35], [5, 37, 5, 48]],
      ['Url', 'https://example.com/a=b', [6, 1, 6, 4], [6, 5, 6, 28]],
      ['Empty', '', [6, 29, 6, 34], [6, 35, 6, 35]],
      ['Hash', 'a#b', [6, 36, 6, 40], [6, 41, 6, 44]],
    ]);
    expect([file.unknownParameters, file.tags]).toEqual([[], []]);
    expectRangesMatchSource(file);
  });

  it('keeps the last of a repeated name', () => {
    const file = readParameterFile('/repo/params.env', 'Env=dev Size=small\nEnv=prod\n');
    expect(summarize(file.parameters)).toEqual([
      ['Size', 'small', [1, 9, 1, 13], [1, 14, 1, 19]],
      ['Env', 'prod', [2, 1, 2, 4], [2, 5, 2, 9]],
    ]);
  });

  it('reads a file of only comments and blank lines as no parameters', () => {
    const file = readParameterFile('/repo/params.env', '# nothing yet\n\n');
    expect([file.format, file.parameters]).toEqual(['key-value', []]);
  });

  it('refuses a line without "=", a missing name and unclosed or unseparated quotes, at their position', () => {
    expect(readError('Env=prod\n# fine\n  Size large\n')).toEqual([
      'expected Key=Value, found "Size" (quote values that contain spaces)',
      3,
      3,
    ]);
    expect(readError('Description=Orders broker\n')).toEqual([
      'expected Key=Value, found "broker" (quote values that contain spaces)',
      1,
      20,
    ]);
    expect(readError('Env=prod\n=large\n')).toEqual(['a parameter name is missing before "="', 2, 1]);
    expect(readError('Env="prod\nSize=large"\n')).toEqual(['the value of Env opens a " quote that is not closed on its line', 1, 5]);
    expect(readError("Env='prod'x\n")).toEqual(['expected whitespace or a line end after the quoted value of Env', 1, 11]);
  });
});

describe('readParameterFile: encodings and shapes', () => {
  it('ignores a byte order mark and reads CRLF line ends in every format', () => {
    const awsCli = readParameterFile('/repo/a.json', '\uFEFF[\r\n  {"ParameterKey": "Env", "ParameterValue": "prod"}\r\n]\r\n');
    expect(summarize(awsCli.parameters)).toEqual([['Env', 'prod', [2, 21, 2, 24], [2, 46, 2, 50]]]);
    const configuration = readParameterFile('/repo/c.yaml', '\uFEFFParameters:\r\n  Env: prod\r\n  Size: "large"\r\n');
    expect(summarize(configuration.parameters)).toEqual([
      ['Env', 'prod', [2, 3, 2, 6], [2, 8, 2, 12]],
      ['Size', 'large', [3, 3, 3, 7], [3, 10, 3, 15]],
    ]);
    const keyValue = readParameterFile('/repo/p.env', '\uFEFF# comment\r\nEnv=prod\r\nSize="large"\r\n');
    expect(summarize(keyValue.parameters)).toEqual([
      ['Env', 'prod', [2, 1, 2, 4], [2, 5, 2, 9]],
      ['Size', 'large', [3, 1, 3, 5], [3, 7, 3, 12]],
    ]);
    for (const file of [awsCli, configuration, keyValue]) {
      expect(file.text.startsWith('\uFEFF')).toBe(false);
      expectRangesMatchSource(file);
    }
  });

  it('reads JSON indented with tabs', () => {
    const file = readParameterFile('/repo/c.json', '{\n\t"Parameters": {\n\t\t"Env": "prod"\n\t}\n}\n');
    expect(summarize(file.parameters)).toEqual([['Env', 'prod', [3, 4, 3, 7], [3, 11, 3, 15]]]);
  });

  it('reports invalid JSON at the position of the problem', () => {
    expect(readError('[\n  {"ParameterKey": "Env", "ParameterValue": "prod"}\n  {"ParameterKey": "Size"}\n')).toEqual([
      expect.stringMatching(/^invalid JSON: /),
      3,
      3,
    ]);
    expect(readError('{\n  "Parameters": {\n    "Env": "prod"\n  }\n')).toEqual([expect.stringMatching(/^invalid JSON: /), 5, 1]);
  });

  it('refuses a file in none of the formats at line 1', () => {
    const message =
      'not a CloudFormation parameter file: expected an array of {ParameterKey, ParameterValue}, an object with Parameters, or Key=Value lines';
    expect(readError('{"Env": "prod"}')).toEqual([message, 1, 1]);
    expect(readError('\n\nAWSTemplateFormatVersion: "2010-09-09"\nResources: {}\n')).toEqual([message, 1, 1]);
    expect(readError('just some text\n')).toEqual([message, 1, 1]);
    expect(readError('"Env=prod"\n')).toEqual([message, 1, 1]);
  });
});
