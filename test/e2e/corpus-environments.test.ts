import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultScanOptions, scan, type ScanResult } from '../../src/index.js';
import { PROJECT_ROOT } from '../support/project-root.js';

// Beside the repository, not in it: a fresh clone has no corpus, and these tests skip.
const REAL_CORPUS = path.resolve(PROJECT_ROOT, '../shared/corpus/real');
const SCAN_TIMEOUT_MS = 120_000;

interface RepositoryOutcome {
  repository: string;
  result: ScanResult;
}

async function scanEachRepository(): Promise<RepositoryOutcome[]> {
  const outcomes: RepositoryOutcome[] = [];
  for (const repository of readdirSync(REAL_CORPUS, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort()) {
    // As a team would run it: from the repository's own root, so only its own directories are evidence.
    const cwd = path.join(REAL_CORPUS, repository);
    outcomes.push({ repository, result: await scan(['.'], defaultScanOptions({ cwd, env: {} })) });
  }
  return outcomes;
}

describe.skipIf(!existsSync(REAL_CORPUS))('environments in the real corpus', () => {
  it('reports errors only for the single-instance brokers that run in production', { timeout: SCAN_TIMEOUT_MS }, async () => {
    const outcomes = await scanEachRepository();
    const errors = outcomes.flatMap(({ repository, result }) =>
      result.findings
        .filter((finding) => finding.level === 'error' && (finding.ruleId === 'MQ001' || finding.ruleId === 'MQ002'))
        .map((finding) => `${finding.ruleId} ${repository}/${path.relative(path.join(REAL_CORPUS, repository), finding.location.file)}:${finding.location.range.start.line} ${finding.environment}`),
    );
    // ministryofjustice/cloud-platform-environments sets is_production = "true" for the prod and the training
    // namespaces (and "false" for dev, test, stage, preprod and poc): both prod brokers are single instances.
    expect(errors).toEqual([
      'MQ001 ministryofjustice__cloud-platform-environments/namespaces/live.cloud-platform.service.justice.gov.uk/hmpps-delius-alfresco-prod/resources/amq.tf:103 production',
      'MQ001 ministryofjustice__cloud-platform-environments/namespaces/live.cloud-platform.service.justice.gov.uk/hmpps-delius-alfresco-training/resources/amq.tf:103 production',
    ]);
    // alphagov/govuk-infrastructure deploys one root with three var-file trees: production is highly available.
    const govuk = outcomes.find((outcome) => outcome.repository === 'alphagov__govuk-infrastructure')?.result;
    const contexts = govuk?.deployments.flatMap((deployment) => deployment.contexts.map((context) => [context.name, context.brokers[0]?.classification.environment]));
    expect(contexts).toEqual([
      ['terraform/variables/integration', 'non-production'],
      ['terraform/variables/production', 'production'],
      ['terraform/variables/staging', 'non-production'],
    ]);
    expect(govuk?.findings).toEqual([]);
    // Every broker is classified, and nothing is classified production without evidence that says so.
    for (const { result } of outcomes) {
      for (const broker of result.deployments.flatMap((deployment) => deployment.contexts.flatMap((context) => context.brokers))) {
        if (broker.classification.environment !== 'unknown') expect(broker.classification.decisive.length).toBeGreaterThan(0);
      }
    }
  });
});
