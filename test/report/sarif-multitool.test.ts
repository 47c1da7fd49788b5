import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatSarif } from '../../src/report/sarif.js';
import { validateSarifWithMultitool } from '../support/sarif-multitool.js';
import { SAMPLE_SOURCES, sampleInput } from './sample-findings.js';

describe('SARIF accepted by the Microsoft SARIF Multitool', () => {
  let directory: string;

  beforeAll(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'iac-mq-lint-sarif-sources-'));
  });

  afterAll(() => {
    fs.rmSync(directory, { recursive: true, force: true });
  });

  it('validates with the SARIF and GitHub rule sets without errors or warnings', { timeout: 120_000 }, async () => {
    // The sample sources are written out so that the artifacts the log names really exist.
    for (const [file, text] of Object.entries(SAMPLE_SOURCES)) {
      fs.mkdirSync(path.dirname(path.join(directory, file)), { recursive: true });
      fs.writeFileSync(path.join(directory, file), text);
    }
    // Notes are advice and are allowed.
    const { errors, warnings } = await validateSarifWithMultitool(formatSarif(sampleInput({ cwd: directory })));
    expect([...errors, ...warnings]).toEqual([]);
  });
});
