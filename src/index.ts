import { stat } from 'node:fs/promises';
import path from 'node:path';
import { RULES, TYPESCRIPT_RULES } from '../rules/index.js';
import { discoverFiles } from './discover/walk.js';
import { findRelevantModules } from './discover/relevance.js';
import { groupTerraformModules } from './discover/terraform-modules.js';
import { createCachingTextReader } from './discover/text-cache.js';
import { preloadRegoRules } from './engine/rego-runner.js';
import { preloadHcl2Json } from './parsers/terraform/hcl2json.js';
import { runRules } from './engine/run-rules.js';
import { evaluateCloudFormationTemplates } from './evaluate/cloudformation/evaluate-cloudformation.js';
import { evaluateTerraformModules } from './evaluate/terraform/evaluate-terraform.js';
import { evaluateTerraformJsonFiles } from './evaluate/tfplan/evaluate-plans.js';
import { editableWithin } from './locate/locate-finding.js';
import { withoutRepeatedMessages, type FileError, type ScanResult } from './model/finding.js';
import type { ScanOptions } from './model/options.js';

export type { Finding, FileError, Notice, ScanResult, ScanStats } from './model/finding.js';
export type { ScanOptions } from './model/options.js';
export type { RuleMetadata } from './model/rule.js';
export { RULES } from '../rules/index.js';

/** Options with every field defaulted as the CLI would: the working directory and the process environment. */
export function defaultScanOptions(overrides: Partial<ScanOptions> = {}): ScanOptions {
  return { cwd: process.cwd(), varFiles: [], vars: [], parameterFiles: [], env: process.env, ...overrides };
}

/** Scans files and directories for Amazon MQ brokers and returns located findings, file errors and notices. */
export async function scan(paths: string[], options: ScanOptions, readText = createCachingTextReader()): Promise<ScanResult> {
  const scanPaths = (paths.length > 0 ? paths : ['.']).map((scanned) => path.resolve(options.cwd, scanned));
  const timer = stageTimer();
  const discovery = await discoverFiles(scanPaths, { cwd: options.cwd });
  const discoverMs = timer();
  const errors: FileError[] = discovery.problems.map((problem) => ({ file: problem.file, message: problem.message }));
  const modules = groupTerraformModules(discovery.files);
  const { relevant } = await findRelevantModules(modules, readText);
  const prefilterMs = timer();
  if (relevant.length > 0) {
    // Both WebAssembly start-ups run while the relevant files are read and indexed.
    preloadHcl2Json();
    preloadRegoRules();
  }
  const terraform = await evaluateTerraformModules(relevant, options, readText);
  const structuredFiles = discovery.files.filter((file) => file.kind === 'structured').map((file) => file.path);
  const plans = await evaluateTerraformJsonFiles(structuredFiles, options, readText);
  const cloudFormation = await evaluateCloudFormationTemplates(structuredFiles, options, readText);
  const evaluateMs = timer();
  errors.push(...terraform.errors, ...plans.errors, ...cloudFormation.errors);
  // A plan is what Terraform itself computed for its root: it replaces our evaluation of that root.
  const configurationResources = terraform.resources.filter((resource) => !plans.describedRoots.has(resource.root));
  const resources = [...configurationResources, ...plans.resources, ...cloudFormation.resources];
  const isEditable = editableWithin(await editableRoots(scanPaths, options));
  const findings = await runRules(
    resources,
    { metadata: RULES, typescriptRules: TYPESCRIPT_RULES },
    options.onlyRules ? { onlyRules: options.onlyRules, isEditable, cwd: options.cwd } : { isEditable, cwd: options.cwd },
  );
  const rulesMs = timer();
  return {
    findings,
    errors: withoutRepeatedMessages(errors),
    notices: withoutRepeatedMessages([...terraform.notices, ...plans.notices, ...cloudFormation.notices]),
    stats: {
      filesDiscovered: discovery.files.length,
      filesIndexed: terraform.filesIndexed,
      filesParsed: terraform.filesParsed + plans.filesParsed + cloudFormation.templatesParsed,
      filesSkipped: Math.max(0, discovery.files.length - terraform.filesIndexed - plans.filesParsed - cloudFormation.templatesParsed),
      bytesRead: discovery.files.reduce((total, file) => total + file.size, 0),
      resources: resources.length,
      timings: { discoverMs, prefilterMs, evaluateMs, rulesMs },
    },
  };
}

/**
 * Where findings may point: the scanned directories, the directory of each scanned file (Terraform reads the
 * whole directory) and the variable files named on the command line; never a module downloaded elsewhere.
 */
async function editableRoots(scanPaths: string[], options: ScanOptions): Promise<string[]> {
  const roots = await Promise.all(
    scanPaths.map(async (scanned) => ((await stat(scanned).catch(() => undefined))?.isFile() ? path.dirname(scanned) : scanned)),
  );
  return [...roots, ...[...options.varFiles, ...options.parameterFiles].map((file) => path.resolve(options.cwd, file))];
}

/** Returns a function that gives the milliseconds since it was last called. */
function stageTimer(): () => number {
  let last = performance.now();
  return () => {
    const now = performance.now();
    const elapsed = Math.round(now - last);
    last = now;
    return elapsed;
  };
}

