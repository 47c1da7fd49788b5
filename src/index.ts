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
import { evaluateApplicationConfig } from './evaluate/application-config/evaluate-application-config.js';
import { editableWithin } from './locate/locate-finding.js';
import { applySuppressions } from './suppress/apply-suppressions.js';
import type { SuppressionDirective } from './suppress/directives.js';
import { withoutRepeatedMessages, type BrokerCensusEntry, type Deployment, type FileError, type Finding, type ScanResult } from './model/finding.js';
import type { ScanOptions } from './model/options.js';
import { BROKER_KIND, type Resource } from './model/resource.js';
import { ENVIRONMENT_RANK, type Classification, type DeploymentContext } from './environment/context.js';
import { isMultiAzMode } from './model/broker.js';
import type { EnvironmentMapping } from './config/project-config.js';
import type { Level, RuleSettings } from './model/rule.js';
import { classifyContext, weighEvidence, type EnvironmentSettings } from './environment/classify.js';
import { DEFAULT_ENVIRONMENT_PATTERNS } from './environment/names.js';

export type { Deployment, DeploymentSummary, Finding, FileError, Notice, ScanResult, ScanStats } from './model/finding.js';
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
  const discovered = await discoverFiles(scanPaths, { cwd: options.cwd });
  const config = options.config;
  const discovery = config ? { ...discovered, files: discovered.files.filter((file) => !config.isExcluded(file.path)) } : discovered;
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
  const settings = environmentSettings(options);
  const terraform = await evaluateTerraformModules(relevant, options, readText, {
    varFiles: discovery.files.filter((file) => file.kind === 'terraform-vars').map((file) => file.path),
    moduleDirectories: new Set(modules.map((module) => module.directory)),
    scanRoots: scanPaths,
    patterns: settings.patterns,
    configured: config?.terraformContexts ?? [],
    discoverContexts: true,
    terragruntConfigs: discovery.files.filter((file) => file.kind === 'terragrunt').map((file) => file.path),
  });
  const structuredFiles = discovery.files.filter((file) => file.kind === 'structured').map((file) => file.path);
  const plans = await evaluateTerraformJsonFiles(structuredFiles, options, readText, scanPaths);
  const cloudFormation = await evaluateCloudFormationTemplates(structuredFiles, options, readText, scanPaths);
  const applicationConfig = await evaluateApplicationConfig(
    discovery.files.filter((file) => file.kind === 'application-config' || file.kind === 'structured'),
    options,
    readText,
    scanPaths,
  );
  const evaluateMs = timer();
  errors.push(...terraform.errors, ...plans.errors, ...cloudFormation.errors, ...applicationConfig.errors);
  // A plan is what Terraform itself computed for its root: it replaces our evaluation of that root.
  // Client endpoints (MQ006) are facts of the configuration, which a plan does not restate: they stay.
  const configurationResources = terraform.resources.filter((resource) => resource.kind !== BROKER_KIND || !plans.describedRoots.has(resource.root));
  const resources = [...configurationResources, ...plans.resources, ...cloudFormation.resources, ...applicationConfig.resources];
  const isEditable = editableWithin(await editableRoots(scanPaths, options));
  const classifications = new Map<Resource, Classification>();
  const classify = (resource: Resource): Classification => {
    let classification = classifications.get(resource);
    if (!classification) {
      classification = classifyContext(resource.root, resource.context ?? { name: 'default', evidence: [], files: [] }, settings);
      classifications.set(resource, classification);
    }
    return classification;
  };
  const policy = {
    unknown: options.unknownEnvironment ?? config?.unknownEnvironment ?? 'warning',
    includeNonProduction: options.includeNonProduction ?? false,
  } as const;
  const findings = await runRules(
    resources,
    { metadata: RULES, typescriptRules: TYPESCRIPT_RULES },
    { ...ruleSelection(options), isEditable, cwd: options.cwd, classify, policy },
  );
  const configured = configuredSuppressions(config);
  const suppressed = await applySuppressions(
    findings,
    discovery.files.filter((file) => file.kind !== 'other').map((file) => file.path),
    readText,
    options.today ?? new Date().toISOString().slice(0, 10),
    (finding) => [...(finding.resource.suppressions?.directives ?? []), ...configured.filter((entry) => entry.applies(finding)).map((entry) => entry.directive)],
    [...new Set(resources.flatMap((resource) => resource.suppressions?.problems ?? []))],
    configured.map((entry) => entry.directive),
  );
  const rulesMs = timer();
  return {
    findings: suppressed.findings,
    deployments: summarizeDeployments(resources.filter((resource) => resource.kind === BROKER_KIND), classify, settings),
    brokers: brokerCensus(resources.filter((resource) => resource.kind === BROKER_KIND), classify),
    errors: withoutRepeatedMessages(errors),
    notices: withoutRepeatedMessages([...terraform.notices, ...plans.notices, ...cloudFormation.notices, ...suppressed.notices]),
    stats: {
      filesDiscovered: discovery.files.length,
      filesIndexed: terraform.filesIndexed,
      filesParsed: terraform.filesParsed + plans.filesParsed + cloudFormation.templatesParsed + applicationConfig.filesParsed,
      filesSkipped: Math.max(
        0,
        discovery.files.length - terraform.filesIndexed - plans.filesParsed - cloudFormation.templatesParsed - applicationConfig.filesParsed,
      ),
      bytesRead: discovery.files.reduce((total, file) => total + file.size, 0),
      resources: resources.filter((resource) => resource.kind === BROKER_KIND).length,
      timings: { discoverMs, prefilterMs, evaluateMs, rulesMs },
    },
  };
}


/** Each distinct broker once, in the worst environment of its contexts, and whether it is highly available there. */
function brokerCensus(resources: Resource[], classify: (resource: Resource) => Classification): BrokerCensusEntry[] {
  const byBroker = new Map<string, BrokerCensusEntry>();
  for (const resource of resources) {
    const key = `${resource.root}\u0000${resource.address}`;
    const environment = classify(resource).environment;
    const highlyAvailable = isMultiAzMode(resource.attributes.deployment_mode);
    const entry = byBroker.get(key);
    if (!entry || ENVIRONMENT_RANK[environment] > ENVIRONMENT_RANK[entry.environment]) {
      byBroker.set(key, { root: resource.root, address: resource.address, environment, highlyAvailable });
    } else if (environment === entry.environment) {
      entry.highlyAvailable &&= highlyAvailable;
    }
  }
  return [...byBroker.values()].sort((left, right) =>
    left.root === right.root ? (left.address < right.address ? -1 : 1) : left.root < right.root ? -1 : 1,
  );
}

/** Groups the brokers by root and context, in a stable order, with the classification each got. */
function summarizeDeployments(resources: Resource[], classify: (resource: Resource) => Classification, settings: EnvironmentSettings): Deployment[] {
  const byRoot = new Map<string, Deployment>();
  for (const resource of resources) {
    let deployment = byRoot.get(resource.root);
    if (!deployment) {
      deployment = { root: resource.root, format: resource.format, contexts: [] };
      byRoot.set(resource.root, deployment);
    }
    const name = resource.context?.name ?? 'default';
    let context = deployment.contexts.find((candidate) => candidate.name === name);
    if (!context) {
      context = { name, files: resource.context?.files ?? [], brokers: [] };
      deployment.contexts.push(context);
    }
    const classification = classify(resource);
    const outside = classification.decisive.filter((item) => item.kind === 'forced' || item.kind === 'config');
    const evidence = weighEvidence([...outside, ...(resource.context?.evidence ?? [])], settings.patterns);
    context.brokers.push({ address: resource.address, classification, evidence });
  }
  const byName = <T extends { name: string }>(left: T, right: T) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0);
  return [...byRoot.values()]
    .sort((left, right) => (left.root < right.root ? -1 : left.root > right.root ? 1 : 0))
    .map((deployment) => ({ ...deployment, contexts: deployment.contexts.sort(byName) }));
}

/** The configuration's suppressions as directives, each with the test of which findings it covers. */
function configuredSuppressions(config: ScanOptions['config']): Array<{ directive: SuppressionDirective; applies: (finding: Finding) => boolean }> {
  return (config?.suppressions ?? []).map((suppression) => {
    const directive: SuppressionDirective = { ruleIds: [suppression.ruleId], reason: suppression.reason, location: suppression.location, lines: [], kind: 'config' };
    if (suppression.until !== undefined) directive.until = suppression.until;
    const applies = (finding: Finding) =>
      (suppression.address === undefined || suppression.address === finding.resource.address) &&
      (suppression.matchesFile(finding.location.file) || suppression.matchesFile(finding.resource.location.file));
    return { directive, applies };
  });
}

/** The scan's environment decisions: the name patterns, `--environment` and the configured mappings. */
function environmentSettings(options: ScanOptions): EnvironmentSettings {
  const configured = options.config?.patterns;
  const patterns = configured
    ? {
        production: [...(configured.replaceDefaults ? [] : DEFAULT_ENVIRONMENT_PATTERNS.production), ...configured.production],
        nonProduction: [...(configured.replaceDefaults ? [] : DEFAULT_ENVIRONMENT_PATTERNS.nonProduction), ...configured.nonProduction],
      }
    : DEFAULT_ENVIRONMENT_PATTERNS;
  const settings: EnvironmentSettings = { patterns, mappings: (options.config?.mappings ?? []).map(toMappingCheck) };
  if (options.environment) settings.forced = options.environment;
  return settings;
}

/** A configured mapping as a check of a root and context: paths, var files, parameter files or the workspace. */
function toMappingCheck(mapping: EnvironmentMapping): EnvironmentSettings['mappings'][number] {
  const subjects = (root: string, context: DeploymentContext): string[] => {
    switch (mapping.matcher) {
      case 'path':
        return [root];
      case 'varFile':
        return context.varFiles ?? [];
      case 'parameterFile':
        return context.parameterFiles ?? [];
      default:
        return context.workspace === undefined ? [] : [context.workspace];
    }
  };
  return (root, context) => {
    if (!subjects(root, context).some((subject) => mapping.matches(subject))) return undefined;
    const start = mapping.location.range.start;
    return {
      kind: 'config',
      description: `${mapping.matcher} ${mapping.pattern} is mapped to ${mapping.environment} in ${path.basename(mapping.location.file)}:${start.line}`,
      production: mapping.environment === 'production',
      location: mapping.location,
    };
  };
}

/** Which rules run, at what level in production and with what settings: `onlyRules`, then the configuration's `rules`. */
function ruleSelection(options: ScanOptions): { onlyRules?: string[]; levels?: Record<string, Level>; settings?: RuleSettings } {
  const settings = options.config?.rules ?? {};
  const disabled = new Set(Object.entries(settings).filter(([, setting]) => !setting.enabled).map(([id]) => id));
  const levels: Record<string, Level> = {};
  for (const [id, setting] of Object.entries(settings)) if (setting.level) levels[id] = setting.level;
  const requiredTags = settings['MQ008']?.requiredTags;
  const selection: { onlyRules?: string[]; levels?: Record<string, Level>; settings?: RuleSettings } = { levels, ...(requiredTags && { settings: { requiredTags } }) };
  if (options.onlyRules || disabled.size > 0) {
    selection.onlyRules = (options.onlyRules ?? RULES.map((rule) => rule.id)).filter((id) => !disabled.has(id));
  }
  return selection;
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

