import { readdirSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { classifyFile } from '../../discover/file-kind.js';
import { groupTerraformModules } from '../../discover/terraform-modules.js';
import { readTextOrRecord, type TextReader } from '../../discover/text-cache.js';
import type { FileError, Notice } from '../../model/finding.js';
import { OncePerKey } from '../../model/once-per-key.js';
import type { ScanOptions } from '../../model/options.js';
import type { Resource } from '../../model/resource.js';
import { detectTerraformJson, readTerraformJson, TerraformJsonError, type TerraformJsonFile } from '../../parsers/tfplan/plan-file.js';
import { evaluateTerraformModules } from '../terraform/evaluate-terraform.js';
import { withConfigurationLocations } from './configuration-locations.js';
import { brokersFromTerraformJson } from './plan-brokers.js';
import { withPlannedSubnetZones } from './plan-subnet-zones.js';
import type { Evidence } from '../../environment/context.js';
import { directoryEvidence, displayPath, inputEvidence, tagEvidence } from '../../environment/evidence.js';
import { workspaceEvidence } from '../../environment/terraform-contexts.js';

/** What reading the plan and state files of a scan produced. */
export interface TerraformJsonEvaluation {
  resources: Resource[];
  errors: FileError[];
  notices: Notice[];
  /** Root module directories a plan described: the plan's values replace their own evaluation. */
  describedRoots: Set<string>;
  filesParsed: number;
}

/**
 * Reads every Terraform plan or state among the candidate files (`terraform show -json` output) into brokers,
 * located in the configuration that produced them when it is on disk (`--config-dir`, else the plan's directory).
 */
export async function evaluateTerraformJsonFiles(
  candidates: string[],
  options: ScanOptions,
  readText: TextReader,
  scanRoots: string[] = [],
): Promise<TerraformJsonEvaluation> {
  const result: TerraformJsonEvaluation = { resources: [], errors: [], notices: [], describedRoots: new Set(), filesParsed: 0 };
  const configurations = new OncePerKey((directory: string) => evaluateConfiguration(directory, options, readText));
  for (const candidate of candidates) {
    const text = await readTextOrRecord(readText, candidate, result.errors);
    if (text === undefined) continue;
    // A plan or state without a broker has nothing to check: it is not parsed (plans can be tens of megabytes).
    if (!detectTerraformJson(text) || !text.includes('aws_mq_broker')) continue;
    result.filesParsed++;
    let brokers: Resource[];
    let file: TerraformJsonFile;
    try {
      file = readTerraformJson(candidate, text);
      const read = brokersFromTerraformJson(file, candidate);
      brokers = read.resources.map((broker) => withPlanContext(broker, candidate, options, scanRoots));
      result.notices.push(...read.notices);
    } catch (error) {
      if (!(error instanceof TerraformJsonError)) throw error;
      result.errors.push(error.toFileError());
      continue;
    }
    const configurationDirectory = options.configDir ? path.resolve(options.cwd, options.configDir) : path.dirname(candidate);
    const configuration = await configurations.get(configurationDirectory);
    if (configuration) {
      result.describedRoots.add(configurationDirectory);
      result.errors.push(...configuration.errors);
      result.resources.push(...withConfigurationLocations(withPlannedSubnetZones(file, brokers, configuration.resources), configuration.resources));
    } else {
      result.resources.push(...withPlannedSubnetZones(file, brokers, undefined));
    }
  }
  return result;
}

/**
 * A plan is one deployment: its context is the plan file, with the variables Terraform resolved and the broker's
 * tags as evidence (plus `--workspace`, which the plan JSON does not record).
 */
function withPlanContext(broker: Resource, planFile: string, options: ScanOptions, scanRoots: string[]): Resource {
  const evidence: Evidence[] = [
    { kind: 'context-name', description: `plan ${displayPath(options.cwd, planFile)}`, name: path.basename(planFile) },
    ...(options.workspace === undefined ? [] : [workspaceEvidence(options.workspace)]),
    ...Object.entries(broker.variables ?? {})
      .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0))
      .flatMap(([name, value]) => inputEvidence('variable', name, value)),
    ...tagEvidence('tag', broker.attributes.tags?.value),
    ...directoryEvidence(path.dirname(planFile), scanRoots, options.cwd),
  ];
  return { ...broker, context: { name: displayPath(options.cwd, planFile), evidence, files: [planFile] } };
}

/** Evaluates the root module in a directory, or nothing when the directory holds no Terraform configuration. */
async function evaluateConfiguration(
  directory: string,
  options: ScanOptions,
  readText: TextReader,
): Promise<{ resources: Resource[]; errors: FileError[] } | undefined> {
  let entries: Dirent[];
  try {
    entries = readdirSync(directory, { withFileTypes: true });
  } catch {
    return undefined;
  }
  // Only the root module's own directory: the modules it calls are loaded through its module calls.
  const files = entries
    .filter((entry) => entry.isFile())
    .map((entry) => ({ path: path.join(directory, entry.name), kind: classifyFile(entry.name), size: 0 }));
  const root = groupTerraformModules(files);
  if (root.length === 0) return undefined;
  const evaluation = await evaluateTerraformModules(root, options, readText);
  return { resources: evaluation.resources.filter((resource) => resource.root === directory), errors: evaluation.errors };
}
