import { describe, expect, it } from 'vitest';
import { classifyContext, classifyEvidence } from '../../src/environment/classify.js';
import type { Evidence } from '../../src/environment/context.js';
import { DEFAULT_ENVIRONMENT_PATTERNS } from '../../src/environment/names.js';

const varFile = (name: string): Evidence => ({ kind: 'context-name', description: `var file ${name}`, name });
const tag = (value: string): Evidence => ({ kind: 'tag', description: `tag Environment=${value}`, name: value });
const flag = (production: boolean): Evidence => ({ kind: 'flag', description: `variable is_production = ${String(production)}`, production });
const directory = (name: string): Evidence => ({ kind: 'directory', description: `directory ${name}`, name });

describe('classifyEvidence', () => {
  it('is unknown without evidence, or with evidence that names no environment', () => {
    expect(classifyEvidence([])).toEqual({ environment: 'unknown', decisive: [], conflicts: [], reason: 'no environment evidence' });
    expect(classifyEvidence([directory('terraform/app')]).environment).toBe('unknown');
  });

  it('lets an explicit flag beat a tag, and a tag beat a name, showing the conflict', () => {
    const byFlag = classifyEvidence([varFile('dev.tfvars'), tag('dev'), flag(true)]);
    expect(byFlag.environment).toBe('production');
    expect(byFlag.reason).toBe('variable is_production = true (despite tag Environment=dev, var file dev.tfvars)');
    expect(byFlag.conflicts.map((item) => item.kind)).toEqual(['tag', 'context-name']);
    const byTag = classifyEvidence([varFile('prod.tfvars'), tag('staging')]);
    expect(byTag.environment).toBe('non-production');
    expect(byTag.reason).toBe('tag Environment=staging (despite var file prod.tfvars)');
  });

  it('lists agreeing evidence strongest first', () => {
    expect(classifyEvidence([directory('live/prod'), varFile('prod.tfvars'), tag('prod')]).reason).toBe(
      'tag Environment=prod; var file prod.tfvars; directory live/prod',
    );
  });

  it('says production when evidence of the deciding kind disagrees', () => {
    const classification = classifyEvidence([tag('dev'), tag('prod')]);
    expect(classification.environment).toBe('production');
    expect(classification.conflicts).toEqual([tag('dev')]);
  });

  it('uses configured words', () => {
    const patterns = { production: [...DEFAULT_ENVIRONMENT_PATTERNS.production, { word: 'prd2' }], nonProduction: [{ regex: /^lab-/ }] };
    expect(classifyEvidence([varFile('prd2.tfvars')], patterns).environment).toBe('production');
    expect(classifyEvidence([varFile('lab-7.tfvars')], patterns).environment).toBe('non-production');
    expect(classifyEvidence([varFile('dev.tfvars')], patterns).environment).toBe('unknown');
  });
});

describe('classifyContext', () => {
  const context = { name: 'dev.tfvars', evidence: [varFile('dev.tfvars')], files: [], varFiles: ['/repo/dev.tfvars'] };

  it('is forced by --environment', () => {
    const classification = classifyContext('/repo', context, { patterns: DEFAULT_ENVIRONMENT_PATTERNS, mappings: [], forced: 'production' });
    expect(classification.environment).toBe('production');
    expect(classification.reason).toBe('--environment production (despite var file dev.tfvars)');
  });

  it('applies configured mappings above everything in the code', () => {
    const mapping = (root: string) =>
      root === '/repo' ? ({ kind: 'config', description: 'path / is mapped to production', production: true } as const) : undefined;
    expect(classifyContext('/repo', context, { patterns: DEFAULT_ENVIRONMENT_PATTERNS, mappings: [mapping] }).environment).toBe('production');
    expect(classifyContext('/other', context, { patterns: DEFAULT_ENVIRONMENT_PATTERNS, mappings: [mapping] }).environment).toBe('non-production');
  });
});
