import { existsSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { findRelevantModules } from '../../src/discover/relevance.js';
import { groupTerraformModules } from '../../src/discover/terraform-modules.js';
import { createCachingTextReader } from '../../src/discover/text-cache.js';
import { discoverFiles } from '../../src/discover/walk.js';

const CORPUS = '/work/shared/corpus';

describe.skipIf(!existsSync(CORPUS))('discovery over the shared corpus', () => {
  it('finds the Terraform files and keeps every broker module among a few relevant ones', { timeout: 60_000 }, async () => {
    const started = performance.now();
    const { files, problems } = await discoverFiles([CORPUS]);
    const discovered = performance.now();
    const modules = groupTerraformModules(files);
    const readText = createCachingTextReader();
    const { relevant, skipped } = await findRelevantModules(modules, readText);
    const filtered = performance.now();
    console.log(
      `corpus: ${files.length} files in ${(discovered - started).toFixed(0)} ms; ` +
        `${modules.length} module dirs, ${relevant.length} relevant, ${skipped.length} skipped ` +
        `in ${(filtered - discovered).toFixed(0)} ms`,
    );

    expect(problems).toEqual([]);
    expect(files.length).toBeGreaterThan(2000);
    expect(files.every((file) => path.isAbsolute(file.path) && file.kind !== 'other')).toBe(true);
    expect(relevant.length + skipped.length).toBe(modules.length);
    expect(relevant.length).toBeLessThanOrEqual(300);

    // Checked independently of the filter: every file is read again through the (already filled) cache.
    const relevantDirectories = new Set(relevant.map((module) => module.directory));
    for (const module of modules) {
      const texts = await Promise.all(module.files.map(readText));
      if (texts.some((text) => text.includes('aws_mq_broker'))) {
        expect(relevantDirectories, module.directory).toContain(module.directory);
      }
    }
  });
});
