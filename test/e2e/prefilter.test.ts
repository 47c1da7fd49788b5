import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES, TYPESCRIPT_RULES } from '../../rules/index.js';
import { findRelevantModules } from '../../src/discover/relevance.js';
import { groupTerraformModules, type TerraformModuleDir } from '../../src/discover/terraform-modules.js';
import { createCachingTextReader } from '../../src/discover/text-cache.js';
import { discoverFiles } from '../../src/discover/walk.js';
import { runRules } from '../../src/engine/run-rules.js';
import { evaluateTerraformModules } from '../../src/evaluate/terraform/evaluate-terraform.js';
import { defaultScanOptions, scan } from '../../src/index.js';
import { editableWithin } from '../../src/locate/locate-finding.js';
import { PROJECT_ROOT } from '../support/project-root.js';

// Beside the repository, not in it: a fresh clone has no corpus, and these tests skip.
const REAL_CORPUS = path.resolve(PROJECT_ROOT, '../shared/corpus/real');
const BULK_CORPUS = path.resolve(PROJECT_ROOT, '../shared/corpus/bulk');

/** The brokers (by root and address) and findings (by rule and place) of some module directories, relative to the corpus. */
interface Outcome {
  brokers: string[];
  findings: string[];
}

async function evaluate(modules: TerraformModuleDir[], corpus: string): Promise<Outcome> {
  const options = defaultScanOptions({ cwd: corpus, env: {} });
  const { resources } = await evaluateTerraformModules(modules, options, createCachingTextReader());
  const findings = await runRules(
    resources,
    { metadata: RULES, typescriptRules: TYPESCRIPT_RULES },
    { isEditable: editableWithin([corpus]), cwd: corpus },
  );
  const relative = (file: string): string => path.relative(corpus, file).split(path.sep).join('/');
  return {
    brokers: resources.map((resource) => `${relative(resource.root)} ${resource.address}`).sort(),
    findings: findings
      .map((finding) => `${finding.ruleId} ${relative(finding.location.file)}:${finding.location.range.start.line}`)
      .sort(),
  };
}

function skipWithoutCorpus(corpus: string, skip: (note: string) => never): void {
  if (existsSync(corpus)) return;
  const note = `${corpus} does not exist`;
  console.warn(`skipped: ${note}`);
  skip(note);
}

const CORPORA = [
  // Amazon MQ repositories: the brokers and findings the prefilter must keep.
  { name: 'real', directory: REAL_CORPUS, holdsBrokers: true },
  // Ordinary IaC without a broker: what the prefilter skips, evaluated anyway.
  { name: 'bulk', directory: BULK_CORPUS, holdsBrokers: false },
];

describe('the relevance prefilter on the shared corpus', () => {
  it.for(CORPORA)('loses no broker and no finding of the $name corpus', { timeout: 300_000 }, async (corpus, { skip }) => {
    skipWithoutCorpus(corpus.directory, skip);
    const modules = groupTerraformModules((await discoverFiles([corpus.directory])).files);
    const { relevant } = await findRelevantModules(modules, createCachingTextReader());

    const filtered = await evaluate(relevant, corpus.directory);
    const unfiltered = await evaluate(modules, corpus.directory);
    console.log(
      `${corpus.name} corpus: ${relevant.length} of ${modules.length} module directories relevant; ` +
        `${unfiltered.brokers.length} brokers, ${unfiltered.findings.length} findings`,
    );

    // Equal but empty outcomes of the real corpus would prove nothing.
    expect(unfiltered.brokers.length > 0).toBe(corpus.holdsBrokers);
    expect(filtered).toEqual(unfiltered);
  });

  it('finds nothing in the bulk corpus, which holds no broker', { timeout: 300_000 }, async ({ skip }) => {
    skipWithoutCorpus(BULK_CORPUS, skip);
    const result = await scan([BULK_CORPUS], defaultScanOptions({ cwd: PROJECT_ROOT, env: {} }));
    const places = result.findings.map(
      (finding) => `${finding.ruleId} ${path.relative(PROJECT_ROOT, finding.location.file)}:${finding.location.range.start.line}`,
    );
    expect(places).toEqual([]);
  });
});
