import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultScanOptions, scan } from '../../../src/index.js';
import { temporaryDirectoryWith } from '../../support/temporary-directory.js';

// The first scan loads and instantiates the wasm bundle.
const SCAN_TIMEOUT_MS = 30_000;

const BROKER = `resource "aws_mq_broker" "orders" {
  broker_name        = "orders"
  engine_type        = "ActiveMQ"
  engine_version     = "5.18"
  host_instance_type = "mq.m5.large"
  deployment_mode    = "SINGLE_INSTANCE"
  subnet_ids         = ["subnet-0a1b2c3d4e5f60718"]

  user {
    username = "admin"
    password = "fixture-not-a-secret"
  }
}
`;

const MODULE_CALL = `module "mq" {
  source = "./modules/mq"
}
`;

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

/** The Region of each broker found in a tree, by address, and the cost sentence its MQ001 finding ends with. */
async function regionsOf(files: Record<string, string>): Promise<Array<[string, string | undefined, string]>> {
  const root = temporaryDirectoryWith(files, 'iac-mq-lint-region-');
  directories.push(root);
  const result = await scan(['.'], defaultScanOptions({ cwd: root, env: {}, onlyRules: ['MQ001'] }));
  expect(result.errors).toEqual([]);
  return result.findings.map((finding) => [finding.resource.address, finding.resource.region, /Cost: .*?\d{4}-\d{2}(?:; [\w-]+ may differ)?\./.exec(finding.message)?.[0] ?? '']);
}

const AT_US_EAST_1 = 'Cost: mq.m5.large single instance about $210/month, active/standby about $420/month (+$210) at us-east-1 prices of 2026-10.';

describe('the Region of Terraform brokers', () => {
  it('is the region of the root provider, literal or evaluated, and the cost sentence says when prices may differ', { timeout: SCAN_TIMEOUT_MS }, async () => {
    expect(await regionsOf({ 'main.tf': `provider "aws" {\n  region = "eu-west-1"\n}\n\n${BROKER}` })).toEqual([
      ['aws_mq_broker.orders', 'eu-west-1', AT_US_EAST_1.replace(/\.$/, '; eu-west-1 may differ.')],
    ]);
    const fromVariable = `variable "region" {\n  default = "us-east-1"\n}\n\nprovider "aws" {\n  region = var.region\n}\n\n${BROKER}`;
    expect(await regionsOf({ 'main.tf': fromVariable })).toEqual([['aws_mq_broker.orders', 'us-east-1', AT_US_EAST_1]]);
  });

  it('reaches brokers in modules, unless the module declares a provider of another Region', { timeout: SCAN_TIMEOUT_MS }, async () => {
    const provider = 'provider "aws" {\n  region = "eu-west-1"\n}\n';
    expect(await regionsOf({ 'main.tf': `${provider}\n${MODULE_CALL}`, 'modules/mq/main.tf': BROKER })).toEqual([
      ['module.mq.aws_mq_broker.orders', 'eu-west-1', AT_US_EAST_1.replace(/\.$/, '; eu-west-1 may differ.')],
    ]);
    const ownProvider = 'provider "aws" {\n  region = "eu-central-1"\n}\n';
    expect(await regionsOf({ 'main.tf': `${provider}\n${MODULE_CALL}`, 'modules/mq/main.tf': `${ownProvider}\n${BROKER}` })).toEqual([
      ['module.mq.aws_mq_broker.orders', undefined, AT_US_EAST_1],
    ]);
  });

  it('is unknown without a provider block, without region, with only aliased providers, or with providers that disagree', { timeout: SCAN_TIMEOUT_MS }, async () => {
    const unknownRegion = [['aws_mq_broker.orders', undefined, AT_US_EAST_1]];
    expect(await regionsOf({ 'main.tf': BROKER })).toEqual(unknownRegion);
    expect(await regionsOf({ 'main.tf': `provider "aws" {}\n\n${BROKER}` })).toEqual(unknownRegion);
    expect(await regionsOf({ 'main.tf': `variable "region" {}\n\nprovider "aws" {\n  region = var.region\n}\n\n${BROKER}` })).toEqual(unknownRegion);
    expect(await regionsOf({ 'main.tf': `provider "aws" {\n  alias  = "west"\n  region = "us-west-2"\n}\n\n${BROKER}` })).toEqual(unknownRegion);
    const twoProviders = `provider "aws" {\n  region = "eu-west-1"\n}\n\nprovider "aws" {\n  alias  = "us"\n  region = "us-east-1"\n}\n\n${BROKER}`;
    expect(await regionsOf({ 'main.tf': twoProviders })).toEqual(unknownRegion);
  });
});
