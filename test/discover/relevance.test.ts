import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { extractModuleCalls, findRelevantModules } from '../../src/discover/relevance.js';
import { groupTerraformModules } from '../../src/discover/terraform-modules.js';
import { createCachingTextReader } from '../../src/discover/text-cache.js';
import { discoverFiles } from '../../src/discover/walk.js';
import { createTemporaryTree, removeTemporaryTree, type TreeEntry } from './temporary-tree.js';

const BROKER = 'resource "aws_mq_broker" "this" {\n  broker_name = "orders"\n}\n';
const QUEUE = 'resource "aws_sqs_queue" "q" {}\n';

const trees: string[] = [];
afterEach(async () => {
  await Promise.all(trees.splice(0).map(removeTemporaryTree));
});

/** Discovers `scanned` (relative to a new tree), filters it, and says which directories were kept and which files were read. */
async function relevanceIn(entries: Record<string, TreeEntry>, scanned = '.') {
  const root = await createTemporaryTree(entries);
  trees.push(root);
  const modules = groupTerraformModules((await discoverFiles([path.join(root, scanned)])).files);
  const reads: string[] = [];
  const readText = (filePath: string): Promise<string> => {
    reads.push(path.relative(root, filePath));
    return fs.readFile(filePath, 'utf8');
  };
  const { relevant, skipped } = await findRelevantModules(modules, readText);
  const relative = (directory: string): string => path.relative(root, directory) || '.';
  return {
    relevant: relevant.map((module) => relative(module.directory)),
    skipped: skipped.map((module) => relative(module.directory)),
    reads: reads.sort(),
  };
}

describe('findRelevantModules', () => {
  it('keeps a module that declares a broker and skips the others', async () => {
    const result = await relevanceIn({ 'mq/main.tf': BROKER, 'queue/main.tf': QUEUE });
    expect(result.relevant).toEqual(['mq']);
    expect(result.skipped).toEqual(['queue']);
  });

  it('keeps a module whose broker is only in a .tf.json file', async () => {
    const result = await relevanceIn({
      'json/main.tf': QUEUE,
      'json/broker.tf.json': JSON.stringify({ resource: { aws_mq_broker: { this: { broker_name: 'x' } } } }),
    });
    expect(result.relevant).toEqual(['json']);
  });

  it('keeps a module that mentions a broker only in a comment (a cheap false positive)', async () => {
    const result = await relevanceIn({ 'commented/main.tf': `# resource "aws_mq_broker" "old" {}\n${QUEUE}` });
    expect(result.relevant).toEqual(['commented']);
  });

  it('keeps every module of a chain of local calls that ends at a broker', async () => {
    const result = await relevanceIn({
      'live/prod/main.tf': 'module "app" {\n  source = "../../modules/app"\n}\n',
      'modules/app/main.tf': 'module "messaging" {\n  source = "../messaging"\n}\n',
      'modules/messaging/main.tf': BROKER,
      'modules/network/main.tf': QUEUE,
      'live/other/main.tf': 'module "network" {\n  source = "../../modules/network"\n}\n',
    });
    expect(result.relevant).toEqual(['live/prod', 'modules/app', 'modules/messaging']);
    expect(result.skipped).toEqual(['live/other', 'modules/network']);
  });

  it('reads called modules outside the scanned path from disk, recursively', async () => {
    const result = await relevanceIn(
      {
        'live/prod/main.tf': 'module "app" {\n  source = "../../shared/app"\n}\n',
        'live/dev/main.tf': 'module "net" {\n  source = "../../shared/net"\n}\n',
        'shared/app/main.tf': 'module "mq" {\n  source = "../mq"\n}\n',
        'shared/mq/broker.tf.json': JSON.stringify({ resource: { aws_mq_broker: { this: {} } } }),
        'shared/net/main.tf': QUEUE,
      },
      'live',
    );
    expect(result.relevant).toEqual(['live/prod']);
    expect(result.skipped).toEqual(['live/dev']);
  });

  it('ends on call cycles and still sees a broker reached from inside one', async () => {
    const result = await relevanceIn({
      'a/main.tf': 'module "b" {\n  source = "../b"\n}\n',
      'b/main.tf': 'module "a" {\n  source = "../a"\n}\nmodule "c" {\n  source = "../c"\n}\n',
      'c/main.tf': BROKER,
      'x/main.tf': 'module "y" {\n  source = "../y"\n}\n',
      'y/main.tf': 'module "x" {\n  source = "../x"\n}\nmodule "self" {\n  source = "./"\n}\n',
    });
    expect(result.relevant).toEqual(['a', 'b', 'c']);
    expect(result.skipped).toEqual(['x', 'y']);
  });

  it('keeps a remote module call only when its source or name mentions MQ or a broker', async () => {
    const result = await relevanceIn({
      'registry/main.tf': 'module "queue" {\n  source  = "cloudposse/mq-broker/aws"\n  version = "3.0.0"\n}\n',
      'git/main.tf': 'module "events" {\n  source = "git::https://example.com/infra//modules/AmazonMQ?ref=v1"\n}\n',
      'named/main.tf': 'module "order_broker" {\n  source = "git::https://example.com/messaging.git"\n}\n',
      'vpc/main.tf': 'module "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n}\n',
    });
    expect(result.relevant).toEqual(['git', 'named', 'registry']);
    expect(result.skipped).toEqual(['vpc']);
  });

  it('finds a local call in a .tf.json file', async () => {
    const result = await relevanceIn({
      'root/main.tf.json': JSON.stringify({ module: { messaging: { source: '../mq' } } }),
      'mq/main.tf': BROKER,
    });
    expect(result.relevant).toEqual(['mq', 'root']);
  });

  it('treats a missing local module as holding nothing', async () => {
    const result = await relevanceIn({ 'root/main.tf': 'module "gone" {\n  source = "../gone"\n}\n' });
    expect(result.skipped).toEqual(['root']);
  });

  it('keeps a module with a file it cannot read, so the parser reports it', async () => {
    const root = await createTemporaryTree({ 'broken/main.tf': QUEUE });
    trees.push(root);
    const modules = groupTerraformModules((await discoverFiles([root])).files);
    const failingReader = (): Promise<string> => Promise.reject(new Error('EIO'));
    expect((await findRelevantModules(modules, failingReader)).relevant).toEqual(modules);
  });

  it('reads each file at most once, and only while relevance is undecided', async () => {
    const result = await relevanceIn({
      'root/main.tf': 'module "app" {\n  source = "../app"\n}\nmodule "app2" {\n  source = "../app"\n}\n',
      'root/variables.tf': 'variable "x" {}\n',
      'other/main.tf': 'module "app" {\n  source = "../app"\n}\n',
      'app/main.tf': 'module "mq" {\n  source = "../outside/mq"\n}\n',
      'outside/mq/main.tf': BROKER,
      'outside/mq/extra.tf': QUEUE,
    }, 'root');
    expect(result.relevant).toEqual(['root']);
    expect(result.reads).toEqual(['app/main.tf', 'outside/mq/extra.tf', 'outside/mq/main.tf', 'root/main.tf', 'root/variables.tf'].sort());
    expect(new Set(result.reads).size).toBe(result.reads.length);
  });
});

describe('createCachingTextReader', () => {
  it('reads each path once and hands every caller the same text', async () => {
    const reads: string[] = [];
    const readText = createCachingTextReader(async (filePath) => {
      reads.push(filePath);
      return `text of ${filePath}`;
    });
    expect(await Promise.all([readText('/a.tf'), readText('/a.tf'), readText('/b.tf')])).toEqual([
      'text of /a.tf',
      'text of /a.tf',
      'text of /b.tf',
    ]);
    expect(reads).toEqual(['/a.tf', '/b.tf']);
  });
});

describe('extractModuleCalls', () => {
  it('tolerates comments, one-line blocks and bare labels, erring towards extra candidates', () => {
    const text = [
      '# module "old" {',
      '#   source = "../commented-out"',
      '# }',
      'module "mq" {',
      '  // source = "./also-commented"',
      '  tags = { source = "team" }',
      '  source = "./modules/mq" # the broker',
      '}',
      'module "one_line" { source = "../one-line" }',
      'module bare {',
      '  source = "git::https://example.com/x.git//mq?ref=v1"',
      '}',
    ].join('\n');
    expect(extractModuleCalls('/r/main.tf', text)).toEqual([
      // Not a module source: at worst it makes the module look relevant, which costs parse time only.
      { name: 'mq', source: 'team' },
      { name: 'mq', source: './modules/mq' },
      { name: 'one_line', source: '../one-line' },
      { name: 'bare', source: 'git::https://example.com/x.git//mq?ref=v1' },
    ]);
  });

  it('reads both object and array forms of Terraform JSON', () => {
    const text = JSON.stringify({
      module: [{ first: { source: './first' } }, { second: [{ source: '../second', version: '1' }] }],
    });
    expect(extractModuleCalls('/r/main.tf.json', `\uFEFF${text}`)).toEqual([
      { name: 'first', source: './first' },
      { name: 'second', source: '../second' },
    ]);
    expect(extractModuleCalls('/r/broken.tf.json', '{ "module": ')).toEqual([]);
  });
});
