import { getExpressionAst } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';
import type { SourceRange } from '../../../src/model/source.js';
import {
  indexHclPositions,
  indexTerraformJsonPositions,
  type HclAttributePosition,
  type HclBlockPosition,
  type HclBodyPosition,
} from '../../../src/parsers/terraform/position-index.js';

/** A range as `[startLine, startColumn, endLine, endColumn]`, so expectations stay readable. */
function span(range: SourceRange): [number, number, number, number] {
  return [range.start.line, range.start.column, range.end.line, range.end.column];
}

function attributeSummary(attribute: HclAttributePosition): [string, string, number[], number[]] {
  return [attribute.name, attribute.valueText, span(attribute.nameRange), span(attribute.valueRange)];
}

function blockAt(body: HclBodyPosition, index: number): HclBlockPosition {
  const block = body.blocks[index];
  if (!block) throw new Error(`no block at index ${index}`);
  return block;
}

function allAttributes(body: HclBodyPosition): HclAttributePosition[] {
  const attributes = [...body.attributes];
  const pending = [...body.blocks];
  for (let block = pending.pop(); block; block = pending.pop()) {
    attributes.push(...block.attributes);
    pending.push(...block.blocks);
  }
  return attributes;
}

function expectValueTextsMatchSource(source: string, body: HclBodyPosition): void {
  for (const attribute of allAttributes(body)) {
    expect(source.slice(attribute.valueRange.start.offset, attribute.valueRange.end.offset)).toBe(attribute.valueText);
  }
}

describe('indexHclPositions', () => {
  it('indexes nested blocks, labels and attributes with exact ranges', () => {
    const source = [
      'resource "aws_mq_broker" "this" {',
      '  broker_name     = "orders"',
      '  deployment_mode = var.mode',
      '',
      '  user {',
      '    username = "admin"',
      '  }',
      '',
      '  dynamic "ldap_server_metadata" {',
      '    for_each = local.ldap',
      '    content {',
      '      hosts = ldap_server_metadata.value.hosts',
      '    }',
      '  }',
      '  lifecycle {',
      '    ignore_changes = [tags]',
      '  }',
      '}',
      '',
    ].join('\n');
    const body = indexHclPositions(source);

    expect(body.attributes).toEqual([]);
    expect(body.blocks).toHaveLength(1);
    const broker = blockAt(body, 0);
    expect(broker.type).toBe('resource');
    expect(broker.labels).toEqual(['aws_mq_broker', 'this']);
    expect(span(broker.headerRange)).toEqual([1, 1, 1, 32]);
    expect(broker.labelRanges.map(span)).toEqual([
      [1, 10, 1, 25],
      [1, 26, 1, 32],
    ]);
    expect(span(broker.bodyRange)).toEqual([1, 33, 18, 2]);
    expect(broker.attributes.map(attributeSummary)).toEqual([
      ['broker_name', '"orders"', [2, 3, 2, 14], [2, 21, 2, 29]],
      ['deployment_mode', 'var.mode', [3, 3, 3, 18], [3, 21, 3, 29]],
    ]);

    expect(broker.blocks.map((block) => [block.type, block.labels, span(block.headerRange)])).toEqual([
      ['user', [], [5, 3, 5, 7]],
      ['dynamic', ['ldap_server_metadata'], [9, 3, 9, 33]],
      ['lifecycle', [], [15, 3, 15, 12]],
    ]);
    const [user, dynamic, lifecycle] = broker.blocks;
    expect(span(user!.bodyRange)).toEqual([5, 8, 7, 4]);
    expect(user!.attributes.map(attributeSummary)).toEqual([['username', '"admin"', [6, 5, 6, 13], [6, 16, 6, 23]]]);
    expect(dynamic!.attributes.map(attributeSummary)).toEqual([
      ['for_each', 'local.ldap', [10, 5, 10, 13], [10, 16, 10, 26]],
    ]);
    const content = blockAt(dynamic!, 0);
    expect([content.type, span(content.headerRange), span(content.bodyRange)]).toEqual([
      'content',
      [11, 5, 11, 12],
      [11, 13, 13, 6],
    ]);
    expect(content.attributes.map(attributeSummary)).toEqual([
      ['hosts', 'ldap_server_metadata.value.hosts', [12, 7, 12, 12], [12, 15, 12, 47]],
    ]);
    expect(lifecycle!.attributes.map(attributeSummary)).toEqual([
      ['ignore_changes', '[tags]', [16, 5, 16, 19], [16, 22, 16, 28]],
    ]);
  });

  it('accepts bare identifier labels and blocks without labels', () => {
    const source = 'provider aws {\n  region = "eu-west-1"\n}\nterraform {\n}\n';
    const body = indexHclPositions(source);
    expect(body.blocks.map((block) => [block.type, block.labels, span(block.headerRange), block.labelRanges.map(span)])).toEqual([
      ['provider', ['aws'], [1, 1, 1, 13], [[1, 10, 1, 13]]],
      ['terraform', [], [4, 1, 4, 10], []],
    ]);
  });

  it('continues after a heredoc and never indexes its content', () => {
    const source = [
      'resource "aws_mq_configuration" "config" {',
      '  data = <<EOT',
      '<broker xmlns="http://activemq.apache.org/schema/core">',
      'resource "aws_mq_broker" "hidden" {',
      '  deployment_mode = "SINGLE_INSTANCE"',
      '}',
      '</broker>',
      'EOT',
      '  engine_type = "ActiveMQ"',
      '}',
    ].join('\n');
    const body = indexHclPositions(source);

    expect(body.blocks).toHaveLength(1);
    const config = blockAt(body, 0);
    expect(config.labels).toEqual(['aws_mq_configuration', 'config']);
    expect(config.blocks).toEqual([]);
    expect(config.attributes.map((attribute) => [attribute.name, span(attribute.nameRange), span(attribute.valueRange)])).toEqual([
      ['data', [2, 3, 2, 7], [2, 10, 8, 4]],
      ['engine_type', [9, 3, 9, 14], [9, 17, 9, 27]],
    ]);
    expect(config.attributes[0]?.valueText).toBe(source.split('\n').slice(1, 8).join('\n').slice('  data = '.length));
    expect(span(config.bodyRange)).toEqual([1, 42, 10, 2]);
  });

  it('ends an indented <<- heredoc at its indented marker', () => {
    const source = [
      'locals {',
      '  policy = <<-POLICY',
      '    {"Statement": []}',
      '    POLICY',
      '  after = 1',
      '}',
    ].join('\n');
    const locals = blockAt(indexHclPositions(source), 0);
    expect(locals.attributes.map(attributeSummary)).toEqual([
      ['policy', '<<-POLICY\n    {"Statement": []}\n    POLICY', [2, 3, 2, 9], [2, 12, 4, 11]],
      ['after', '1', [5, 3, 5, 8], [5, 11, 5, 12]],
    ]);
  });

  it('does not end a heredoc at a line that only contains the marker as part of other text', () => {
    const source = 'a = <<EOT\nEOT is not alone here\n  EOT\nb = 2\n';
    expect(indexHclPositions(source).attributes.map(attributeSummary)).toEqual([
      ['a', '<<EOT\nEOT is not alone here\n  EOT', [1, 1, 1, 2], [1, 5, 3, 6]],
      ['b', '2', [4, 1, 4, 2], [4, 5, 4, 6]],
    ]);
  });

  it('never indexes blocks or attributes inside comments', () => {
    const source = [
      '# resource "aws_mq_broker" "x" {',
      '// resource "aws_mq_broker" "y" {',
      '/* resource "aws_mq_broker" "z" {',
      '  engine_type = "RabbitMQ"',
      '} */',
      'resource "aws_mq_broker" "real" { # resource "aws_mq_broker" "w" {',
      '  engine_type = "ActiveMQ" // trailing = comment',
      '  /* inline */ publicly_accessible = false /* after */',
      '}',
    ].join('\n');
    const body = indexHclPositions(source);
    expect(body.attributes).toEqual([]);
    expect(body.blocks.map((block) => [block.labels, span(block.headerRange)])).toEqual([[['aws_mq_broker', 'real'], [6, 1, 6, 32]]]);
    expect(blockAt(body, 0).attributes.map(attributeSummary)).toEqual([
      ['engine_type', '"ActiveMQ"', [7, 3, 7, 14], [7, 17, 7, 27]],
      ['publicly_accessible', 'false', [8, 16, 8, 35], [8, 38, 8, 43]],
    ]);
  });

  it('skips interpolations with nested braces, quotes and templates', () => {
    const source = [
      'locals {',
      '  a = "a-${format("%s}", "x")}"',
      '  b = "${{ for k, v in var.m : k => "${v}-}" }["x"]}"',
      '  c = "literal $${not = interpolation} and %%{ if } \\"quoted\\" \\\\"',
      '  d = "%{ if var.x }yes { = }%{ else }no%{ endif }"',
      '  e = "héllo → wörld"',
      '  f = "${<<EOT',
      '" } {',
      'EOT',
      '}"',
      '}',
    ].join('\n');
    const locals = blockAt(indexHclPositions(source), 0);
    expect(locals.blocks).toEqual([]);
    expect(locals.attributes.map(attributeSummary)).toEqual([
      ['a', '"a-${format("%s}", "x")}"', [2, 3, 2, 4], [2, 7, 2, 32]],
      ['b', '"${{ for k, v in var.m : k => "${v}-}" }["x"]}"', [3, 3, 3, 4], [3, 7, 3, 54]],
      ['c', '"literal $${not = interpolation} and %%{ if } \\"quoted\\" \\\\"', [4, 3, 4, 4], [4, 7, 4, 67]],
      ['d', '"%{ if var.x }yes { = }%{ else }no%{ endif }"', [5, 3, 5, 4], [5, 7, 5, 52]],
      ['e', '"héllo → wörld"', [6, 3, 6, 4], [6, 7, 6, 22]],
      ['f', '"${<<EOT\n" } {\nEOT\n}"', [7, 3, 7, 4], [7, 7, 10, 3]],
    ]);
  });

  it('spans multi-line lists, objects, calls, conditionals and for expressions', () => {
    const source = [
      'resource "aws_mq_broker" "this" {',
      '  subnet_ids = [',
      '    aws_subnet.a.id, # first',
      '    aws_subnet.b.id,',
      '  ] # trailing comment',
      '  tags = {',
      '    Name = "orders"',
      '    Env  = var.env == "prod" ? "p" : "np"',
      '  }',
      '  deployment_mode = (',
      '    var.env == "prod"',
      '    ? "ACTIVE_STANDBY_MULTI_AZ"',
      '    : "SINGLE_INSTANCE"',
      '  )',
      '  security_groups = [for sg in var.groups : sg.id',
      '    if sg.enabled]',
      '  engine_version = lookup(',
      '    var.versions,',
      '    "activemq",',
      '  )   ',
      '}',
    ].join('\n');
    const broker = blockAt(indexHclPositions(source), 0);
    const lines = source.split('\n');
    const linesBetween = (first: number, last: number, startColumn: number, endColumn: number): string =>
      lines
        .slice(first - 1, last)
        .join('\n')
        .slice(startColumn - 1, -(lines[last - 1]!.length - endColumn + 1) || undefined);
    expect(broker.blocks).toEqual([]);
    expect(broker.attributes.map(attributeSummary)).toEqual([
      ['subnet_ids', linesBetween(2, 5, 16, 4), [2, 3, 2, 13], [2, 16, 5, 4]],
      ['tags', linesBetween(6, 9, 10, 4), [6, 3, 6, 7], [6, 10, 9, 4]],
      ['deployment_mode', linesBetween(10, 14, 21, 4), [10, 3, 10, 18], [10, 21, 14, 4]],
      ['security_groups', linesBetween(15, 16, 21, 19), [15, 3, 15, 18], [15, 21, 16, 19]],
      ['engine_version', linesBetween(17, 20, 20, 4), [17, 3, 17, 17], [17, 20, 20, 4]],
    ]);
    expect(broker.attributes[0]?.valueText).toBe('[\n    aws_subnet.a.id, # first\n    aws_subnet.b.id,\n  ]');
  });

  it('treats `name = {` as an object value and `==` as a comparison', () => {
    const source = [
      'locals {',
      '  settings = {',
      '    resource "aws_mq_broker" "not_a_block" {',
      '    }',
      '  }',
      '  same = var.a == var.b',
      '}',
      'check == true',
      'after = 1',
    ].join('\n');
    const body = indexHclPositions(source);
    const locals = blockAt(body, 0);
    expect(locals.blocks).toEqual([]);
    expect(locals.attributes.map((attribute) => [attribute.name, span(attribute.valueRange)])).toEqual([
      ['settings', [2, 14, 5, 4]],
      ['same', [6, 10, 6, 24]],
    ]);
    expect(body.attributes.map(attributeSummary)).toEqual([['after', '1', [9, 1, 9, 6], [9, 9, 9, 10]]]);
  });

  it('indexes one-line blocks', () => {
    const source = 'variable "x" { default = 1 }\nvariable "y" { type = map(string) }\nlocals { a = { b = 1 } }\n';
    const body = indexHclPositions(source);
    expect(
      body.blocks.map((block) => [block.labels, span(block.headerRange), span(block.bodyRange), block.attributes.map(attributeSummary)]),
    ).toEqual([
      [['x'], [1, 1, 1, 13], [1, 14, 1, 29], [['default', '1', [1, 16, 1, 23], [1, 26, 1, 27]]]],
      [['y'], [2, 1, 2, 13], [2, 14, 2, 36], [['type', 'map(string)', [2, 16, 2, 20], [2, 23, 2, 34]]]],
      [[], [3, 1, 3, 7], [3, 8, 3, 25], [['a', '{ b = 1 }', [3, 10, 3, 11], [3, 14, 3, 23]]]],
    ]);
  });

  it('handles CRLF line endings, a byte order mark and tabs', () => {
    const source = '\uFEFFresource "aws_mq_broker" "b" {\r\n\tengine_type\t= "ActiveMQ"\t\r\n\tdata = <<EOT\r\nx\r\nEOT\r\n\tafter = true\r\n}\r\n';
    const body = indexHclPositions(source);
    const broker = blockAt(body, 0);
    // The byte order mark is a character of the text, so line 1 columns count it (offset 0).
    expect(span(broker.headerRange)).toEqual([1, 2, 1, 30]);
    expect(broker.labels).toEqual(['aws_mq_broker', 'b']);
    expect(broker.attributes.map(attributeSummary)).toEqual([
      ['engine_type', '"ActiveMQ"', [2, 2, 2, 13], [2, 16, 2, 26]],
      ['data', '<<EOT\r\nx\r\nEOT', [3, 2, 3, 6], [3, 9, 5, 4]],
      ['after', 'true', [6, 2, 6, 7], [6, 10, 6, 14]],
    ]);
    expect(span(broker.bodyRange)).toEqual([1, 31, 7, 2]);
  });

  it('never throws on malformed input and keeps what it indexed', () => {
    const unterminatedString = indexHclPositions('resource "aws_mq_broker" "a" {\n  name = "oops\n  engine_type = "ActiveMQ"\n}\n');
    expect(blockAt(unterminatedString, 0).attributes.map((attribute) => [attribute.name, span(attribute.valueRange)])).toEqual([
      ['name', [2, 10, 2, 15]],
      ['engine_type', [3, 17, 3, 27]],
    ]);

    const missingBrace = indexHclPositions('resource "aws_mq_broker" "a" {\n  engine_type = "ActiveMQ"\n');
    const unclosed = blockAt(missingBrace, 0);
    expect(span(unclosed.bodyRange)).toEqual([1, 30, 3, 1]);
    expect(unclosed.attributes.map((attribute) => attribute.name)).toEqual(['engine_type']);

    const strayBrace = indexHclPositions('}\n}\na = 1\n');
    expect(strayBrace.attributes.map((attribute) => attribute.name)).toEqual(['a']);

    const unterminatedHeredoc = indexHclPositions('a = <<EOT\nb = 2\n');
    expect(unterminatedHeredoc.attributes.map((attribute) => [attribute.name, span(attribute.valueRange)])).toEqual([['a', [1, 5, 3, 1]]]);

    const odd = [
      'a = \n',
      'b = "${unterminated\n',
      'c = "\\',
      '"${"${"${',
      '<<',
      '<<-\n',
      '/* never closed',
    ];
    for (const source of odd) expect(() => indexHclPositions(source)).not.toThrow();

    let garbage = '';
    let seed = 7;
    for (let index = 0; index < 200_000; index++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      garbage += String.fromCharCode(seed % 256);
    }
    expect(() => indexHclPositions(garbage)).not.toThrow();
  });

  it('survives 3,000-deep nesting quickly', () => {
    const started = performance.now();
    // Newlines inside brackets never end a value, so the unclosed brackets swallow `b = 1`.
    const brackets = indexHclPositions(`a = ${'['.repeat(3000)}\nb = 1\n`);
    const blocks = indexHclPositions('x {\n'.repeat(3000));
    const interpolations = indexHclPositions(`a = "${'${"'.repeat(3000)}\n`);
    expect(performance.now() - started).toBeLessThan(2500); // a hang guard, not a benchmark
    expect(brackets.attributes.map((attribute) => [attribute.name, span(attribute.valueRange)])).toEqual([['a', [1, 5, 2, 6]]]);
    let depth = 0;
    for (let block = blocks.blocks[0]; block; block = block.blocks[0]) depth++;
    expect(depth).toBe(3000);
    expect(interpolations.attributes.map((attribute) => attribute.name)).toEqual(['a']);
  });

  it('indexes a 5 MB file in linear time', () => {
    const resource = [
      'resource "aws_mq_broker" "broker_INDEX" {',
      '  broker_name     = "orders-${var.env}-INDEX"',
      '  deployment_mode = var.env == "prod" ? "ACTIVE_STANDBY_MULTI_AZ" : "SINGLE_INSTANCE"',
      '  subnet_ids      = [aws_subnet.a.id, aws_subnet.b.id] # comment',
      '  tags = {',
      '    Name = "broker-INDEX"',
      '  }',
      '  user {',
      '    username = "admin"',
      '  }',
      '}',
      '',
    ].join('\n');
    const copies = Math.ceil((5 * 1024 * 1024) / resource.length);
    const source = Array.from({ length: copies }, (_, index) => resource.replaceAll('INDEX', String(index))).join('');
    const started = performance.now();
    const body = indexHclPositions(source);
    // Loose on purpose: it only has to catch quadratic behaviour, not measure speed.
    expect(performance.now() - started).toBeLessThan(10_000); // linear, not quadratic: typically 0.3–1 s
    expect(body.blocks).toHaveLength(copies);
    const last = blockAt(body, copies - 1);
    expect(last.labels).toEqual(['aws_mq_broker', `broker_${copies - 1}`]);
    expect(last.headerRange.start.line).toBe((copies - 1) * 11 + 1);
    expect(last.blocks[0]?.attributes[0]?.nameRange.start.line).toBe((copies - 1) * 11 + 9);
  });

  it('yields value texts that hcl2json parses as expressions', async () => {
    const source = [
      'terraform {',
      '  required_providers {',
      '    aws = { source = "hashicorp/aws", version = "~> 5.0" }',
      '  }',
      '}',
      '',
      'variable "environment" {',
      '  type    = string',
      '  default = "prod" # the default',
      '}',
      '',
      'locals {',
      '  is_production = var.environment == "prod"',
      '  mode          = local.is_production ? "ACTIVE_STANDBY_MULTI_AZ" : "SINGLE_INSTANCE"',
      '  name          = "mq-${var.environment}-${format("%02d", 1)}"',
      '  subnets = [',
      '    for subnet in data.aws_subnets.private.ids : subnet',
      '    if subnet != ""',
      '  ]',
      '  by_name = { for user in var.users : user.name => user }',
      '}',
      '',
      'resource "aws_mq_broker" "this" {',
      '  broker_name                = local.name',
      '  engine_type                = "ActiveMQ"',
      '  engine_version             = "5.18"',
      '  host_instance_type         = "mq.m5.large"',
      '  deployment_mode            = local.mode',
      '  publicly_accessible        = false',
      '  auto_minor_version_upgrade = true',
      '  subnet_ids = local.is_production ? slice(local.subnets, 0, 2) : [',
      '    local.subnets[0],',
      '  ]',
      '  security_groups = [aws_security_group.mq.id]',
      '',
      '  configuration {',
      '    id       = aws_mq_configuration.this.id',
      '    revision = aws_mq_configuration.this.latest_revision',
      '  }',
      '',
      '  dynamic "user" {',
      '    for_each = local.by_name',
      '    content {',
      '      username = user.key',
      '      password = random_password.mq[user.key].result',
      '    }',
      '  }',
      '',
      '  tags = merge(var.tags, {',
      '    Name = local.name',
      '  })',
      '}',
      '',
      'resource "aws_mq_configuration" "this" {',
      '  name           = "${local.name}-config"',
      '  engine_type    = "ActiveMQ"',
      '  engine_version = "5.18"',
      '  data           = <<-XML',
      '    <broker xmlns="http://activemq.apache.org/schema/core">',
      '      <plugins><forcePersistencyModeBrokerPlugin persistenceFlag="true"/></plugins>',
      '    </broker>',
      '    XML',
      '}',
      '',
    ].join('\n');
    const body = indexHclPositions(source);
    const attributes = allAttributes(body);
    expect(attributes).toHaveLength(27);
    expectValueTextsMatchSource(source, body);
    for (const attribute of attributes) {
      // HCL ends a heredoc only at the line break after its closing marker, which is not part of the value.
      const ast = await getExpressionAst('position-index.tf', `${attribute.valueText}\n`);
      expect(ast, attribute.name).not.toBeNull();
    }
  });
});

describe('indexTerraformJsonPositions', () => {
  it('indexes resource bodies written as objects and as arrays', () => {
    const source = [
      '{',
      '  "//": "generated",',
      '  "resource": {',
      '    "aws_mq_broker": {',
      '      "this": {',
      '        "broker_name": "orders",',
      '        "deployment_mode": "${var.mode}",',
      '        "user": [{"username": "admin"}],',
      '        "//": "not an attribute"',
      '      },',
      '      "pair": [',
      '        {"engine_type": "ActiveMQ"},',
      '        {"engine_type": "RabbitMQ", "tags": {"a": 1}}',
      '      ]',
      '    }',
      '  }',
      '}',
    ].join('\n');
    const body = indexTerraformJsonPositions(source);
    expect(body.attributes).toEqual([]);
    expect(
      body.blocks.map((block) => [block.type, block.labels, span(block.headerRange), block.labelRanges.map(span), span(block.bodyRange)]),
    ).toEqual([
      ['resource', ['aws_mq_broker', 'this'], [5, 7, 5, 13], [[4, 5, 4, 20], [5, 7, 5, 13]], [5, 15, 10, 8]],
      ['resource', ['aws_mq_broker', 'pair'], [11, 7, 11, 13], [[4, 5, 4, 20], [11, 7, 11, 13]], [12, 9, 12, 36]],
      ['resource', ['aws_mq_broker', 'pair'], [11, 7, 11, 13], [[4, 5, 4, 20], [11, 7, 11, 13]], [13, 9, 13, 54]],
    ]);
    expect(blockAt(body, 0).attributes.map(attributeSummary)).toEqual([
      ['broker_name', '"orders"', [6, 9, 6, 22], [6, 24, 6, 32]],
      ['deployment_mode', '"${var.mode}"', [7, 9, 7, 26], [7, 28, 7, 41]],
      ['user', '[{"username": "admin"}]', [8, 9, 8, 15], [8, 17, 8, 40]],
    ]);
    expect(blockAt(body, 0).blocks).toEqual([]);
    expect(blockAt(body, 2).attributes.map(attributeSummary)).toEqual([
      ['engine_type', '"RabbitMQ"', [13, 10, 13, 23], [13, 25, 13, 35]],
      ['tags', '{"a": 1}', [13, 37, 13, 43], [13, 45, 13, 53]],
    ]);
  });

  it('follows the label counts of variable, module, output, provider, locals and terraform', () => {
    const source = [
      '{',
      '  "variable": {"mode": {"default": "SINGLE_INSTANCE"}},',
      '  "module": {"mq": {"source": "./mq"}},',
      '  "output": {"arn": {"value": "${aws_mq_broker.this.arn}"}},',
      '  "provider": {"aws": [{"region": "eu-west-1"}, {"alias": "us", "region": "us-east-1"}]},',
      '  "locals": {"prod": true},',
      '  "terraform": {"required_version": ">= 1.5"}',
      '}',
    ].join('\n');
    const body = indexTerraformJsonPositions(source);
    expect(
      body.blocks.map((block) => [block.type, block.labels, span(block.headerRange), block.attributes.map((attribute) => attribute.name)]),
    ).toEqual([
      ['variable', ['mode'], [2, 16, 2, 22], ['default']],
      ['module', ['mq'], [3, 14, 3, 18], ['source']],
      ['output', ['arn'], [4, 14, 4, 19], ['value']],
      ['provider', ['aws'], [5, 16, 5, 21], ['region']],
      ['provider', ['aws'], [5, 16, 5, 21], ['alias', 'region']],
      ['locals', [], [6, 3, 6, 11], ['prod']],
      ['terraform', [], [7, 3, 7, 14], ['required_version']],
    ]);
    expect(blockAt(body, 5).attributes.map(attributeSummary)).toEqual([['prod', 'true', [6, 14, 6, 20], [6, 22, 6, 26]]]);
    expectValueTextsMatchSource(source, body);
  });

  it('handles CRLF, a byte order mark and escaped keys', () => {
    const source = '\uFEFF{\r\n  "resource": {"aws_mq_broker": {"a\\"b": {\r\n    "engine_type": "Active\\"MQ"\r\n  }}}\r\n}\r\n';
    const block = blockAt(indexTerraformJsonPositions(source), 0);
    expect(block.labels).toEqual(['aws_mq_broker', 'a"b']);
    expect(span(block.headerRange)).toEqual([2, 34, 2, 40]);
    expect(block.attributes.map(attributeSummary)).toEqual([
      ['engine_type', '"Active\\"MQ"', [3, 5, 3, 18], [3, 20, 3, 32]],
    ]);
  });

  it('never throws on malformed JSON and keeps what it indexed', () => {
    const truncated = indexTerraformJsonPositions('{"resource": {"aws_mq_broker": {"a": {"engine_type": "ActiveMQ", "deployment_mode": ');
    const block = blockAt(truncated, 0);
    expect(block.labels).toEqual(['aws_mq_broker', 'a']);
    expect(block.attributes.map(attributeSummary)).toEqual([['engine_type', '"ActiveMQ"', [1, 39, 1, 52], [1, 54, 1, 64]]]);

    for (const source of ['', '{', '{"a"', '{"a": }', '[1, 2', '"unterminated', '{"a": 1} trailing', '}}}', '\u0000\u0001']) {
      expect(() => indexTerraformJsonPositions(source)).not.toThrow();
    }
  });

  it('survives 3,000-deep nesting quickly', () => {
    const started = performance.now();
    expect(indexTerraformJsonPositions('['.repeat(3000)).blocks).toEqual([]);
    const deepValue = `{"locals": {"deep": ${'['.repeat(3000)}${']'.repeat(3000)}}}`;
    const locals = blockAt(indexTerraformJsonPositions(deepValue), 0);
    expect(performance.now() - started).toBeLessThan(2500); // a hang guard, not a benchmark
    expect(locals.attributes.map((attribute) => [attribute.name, attribute.valueText.length])).toEqual([['deep', 6000]]);
  });
});
