import { describe, expect, it } from 'vitest';
import { classifyName, classifySegment, isEnvironmentSelector, isEnvironmentTag, nameWords, productionFlag } from '../../src/environment/names.js';

describe('environment names', () => {
  it.each([
    ['prod', 'production'],
    ['Production', 'production'],
    ['prd', 'production'],
    ['live', 'production'],
    ['prod-eu', 'production'],
    ['eu-prod', 'production'],
    ['euProd', 'production'],
    ['mq_prod_1', 'production'],
    ['dev', 'non-production'],
    ['staging', 'non-production'],
    ['preprod', 'non-production'],
    ['pre-prod', 'non-production'],
    ['non-prod', 'non-production'],
    ['nonprod', 'non-production'],
    ['not_production', 'non-production'],
    ['uat', 'non-production'],
    ['examples', 'non-production'],
    ['integration', 'non-production'],
    ['sandbox', 'non-production'],
  ])('reads %s as %s', (name, verdict) => {
    expect(classifySegment(name)).toBe(verdict);
  });

  it.each(['product', 'production-like-thing-x'.replace('production', 'producer'), 'delivery', 'prodigy', 'alive', 'devops-tools'.replace('devops', 'devo'), 'mq'])(
    'finds no environment in %s',
    (name) => {
      expect(classifySegment(name)).toBeUndefined();
    },
  );

  it('says production when one name holds words of both kinds', () => {
    expect(classifySegment('prod-and-dev')).toBe('production');
  });

  it('reads paths from the deepest segment up', () => {
    expect(classifyName('live/dev/main')).toEqual({ verdict: 'non-production', segment: 'dev' });
    expect(classifyName('namespaces/live.cloud/app-prod/resources')).toEqual({ verdict: 'production', segment: 'app-prod' });
    expect(classifyName('environments/production/terraform.tfvars')).toEqual({ verdict: 'production', segment: 'production' });
    expect(classifyName('envs/dev.tfvars')).toEqual({ verdict: 'non-production', segment: 'dev' });
    expect(classifyName('terraform/deployments/app')).toBeUndefined();
  });

  it('splits words at separators and camel case', () => {
    expect(nameWords('EnvProd-eu_west.1')).toEqual(['env', 'prod', 'eu', 'west', '1']);
  });

  it('knows environment selectors, flags and tags', () => {
    expect(['environment', 'Environment', 'env', 'stage', 'tier', 'EnvironmentName', 'environment_name', 'env_type', 'DeploymentStage'].map(isEnvironmentSelector)).toEqual(
      Array(9).fill(true),
    );
    expect(['engine', 'environments', 'stage_bucket_name', 'vpc_environment_id_list'].map(isEnvironmentSelector)).toEqual([false, false, false, false]);
    expect(productionFlag('is_production')).toEqual({ trueMeansProduction: true });
    expect(productionFlag('IsProd')).toEqual({ trueMeansProduction: true });
    expect(productionFlag('is_non_production')).toEqual({ trueMeansProduction: false });
    expect(productionFlag('production_bucket')).toBeUndefined();
    expect(['Environment', 'env', 'Stage', 'environment-name'].map(isEnvironmentTag)).toEqual([true, true, true, true]);
    expect(isEnvironmentTag('Owner')).toBe(false);
  });
});
