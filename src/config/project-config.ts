import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { EnvironmentPattern } from '../environment/names.js';
import type { SourceLocation } from '../model/source.js';
import { environmentPatternProblems, unknownRuleProblems } from './config-checks.js';
import { ConfigDocument } from './config-document.js';
import { ConfigFileError } from './config-file-error.js';
import { configSchemaValidator } from './config-schema.js';
import { parseEnvironmentPattern } from './environment-pattern.js';
import { PathPatterns } from './path-patterns.js';
import { schemaProblems, type SchemaErrorContext } from './schema-problems.js';

export { ConfigFileError };

/** The names a project configuration file may have, in order of precedence. */
export const PROJECT_CONFIG_FILE_NAMES = ['.iac-mq-lint.yml', '.iac-mq-lint.yaml', '.iac-mq-lint.json'] as const;

/** An environment as a configuration decides it. */
export type ConfiguredEnvironment = 'production' | 'non-production';

/** A project's `.iac-mq-lint.yml`, validated, with its paths made absolute. */
export interface ProjectConfig {
  /** The config file (absolute). */
  file: string;
  /** Its directory: relative paths in the file are relative to it. */
  directory: string;
  patterns?: { production: EnvironmentPattern[]; nonProduction: EnvironmentPattern[]; replaceDefaults: boolean };
  mappings: EnvironmentMapping[];
  unknownEnvironment?: 'error' | 'warning' | 'ignore';
  terraformContexts: TerraformContextDeclaration[];
  cloudFormationContexts: CloudFormationContextDeclaration[];
  rules: Record<string, RuleSetting>;
  /** Findings accepted in the configuration (`suppressions`), by path and optionally resource address. */
  suppressions: ConfiguredSuppression[];
  /** Returns true when an absolute file path matches an `exclude` pattern. */
  isExcluded(file: string): boolean;
}

/** A suppression written in the configuration file. */
export interface ConfiguredSuppression {
  ruleId: string;
  reason: string;
  address?: string;
  until?: string;
  location: SourceLocation;
  /** Whether an absolute file path matches its `path` pattern. */
  matchesFile(file: string): boolean;
}

/** A root module to evaluate once with a list of var files (`terraform.varFiles`). */
export interface TerraformContextDeclaration {
  root: string;
  name?: string;
  varFiles: string[];
  environment?: ConfiguredEnvironment;
  location: SourceLocation;
}

/** A template to evaluate once with a list of parameter files (`cloudformation.parameterFiles`). */
export interface CloudFormationContextDeclaration {
  template: string;
  name?: string;
  parameterFiles: string[];
  environment?: ConfiguredEnvironment;
  location: SourceLocation;
}

/** Whether a rule runs, the level that replaces its default one, and the options of the rule (MQ008's `requiredTags`). */
export interface RuleSetting {
  enabled: boolean;
  level?: 'error' | 'warning' | 'note';
  /** MQ008: the tag keys every broker must have. */
  requiredTags?: string[];
}

/** An explicit environment decision from `environments.mappings`. */
export interface EnvironmentMapping {
  matcher: 'path' | 'varFile' | 'parameterFile' | 'workspace';
  pattern: string;
  environment: ConfiguredEnvironment;
  /** Where the mapping is written, for evidence in messages. */
  location: SourceLocation;
  /** Whether the mapping matches: an absolute path for path/varFile/parameterFile, a workspace name for workspace. */
  matches(subject: string): boolean;
}

/** Options of {@link loadProjectConfig}. */
export interface LoadProjectConfigOptions {
  /** The rule ids that exist: others under `rules` are errors. Without it, any id of the form MQ000 is accepted. */
  knownRuleIds?: readonly string[] | undefined;
}

/** The configuration as the schema guarantees it, before paths are resolved and patterns compiled. */
interface ValidatedConfig {
  environments?: {
    patterns?: { production?: string[]; nonProduction?: string[] };
    replaceDefaultPatterns?: boolean;
    mappings?: Array<Partial<Record<EnvironmentMapping['matcher'], string>> & { environment: ConfiguredEnvironment }>;
    unknown?: 'error' | 'warning' | 'ignore';
  };
  terraform?: { varFiles?: Array<{ root: string; name?: string; files: string[]; environment?: ConfiguredEnvironment }> };
  cloudformation?: { parameterFiles?: Array<{ template: string; name?: string; files: string[]; environment?: ConfiguredEnvironment }> };
  rules?: Record<string, 'off' | 'error' | 'warning' | 'note' | { enabled?: boolean; level?: 'error' | 'warning' | 'note'; requiredTags?: string[] }>;
  exclude?: string[];
  suppressions?: Array<{ rule: string; path: string; address?: string; reason: string; until?: string }>;
}

const MATCHERS = ['path', 'varFile', 'parameterFile', 'workspace'] as const;

/**
 * The configuration file that applies to a directory: the first of {@link PROJECT_CONFIG_FILE_NAMES} in it or,
 * failing that, in the nearest parent directory that has one. Throws {@link ConfigFileError} when one directory
 * has two, since which one counts would be a guess.
 */
export function findProjectConfig(startDirectory: string): string | undefined {
  let directory = path.resolve(startDirectory);
  for (;;) {
    const found = PROJECT_CONFIG_FILE_NAMES.map((name) => path.join(directory, name)).filter(isFile);
    const [first, second] = found;
    if (first !== undefined && second !== undefined) {
      const names = found.map((file) => path.basename(file)).join(' and ');
      throw new ConfigFileError(first, `found both ${names} in ${directory}: keep only one configuration file`);
    }
    if (first !== undefined) return first;
    const parent = path.dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}

/**
 * Reads and validates a configuration file. Throws {@link ConfigFileError} at the first problem in the file, with
 * its line and column: YAML syntax, a key or value the schema does not allow, a regular expression that does not
 * compile, a rule that does not exist.
 */
export async function loadProjectConfig(file: string, options: LoadProjectConfigOptions = {}): Promise<ProjectConfig> {
  const configFile = path.resolve(file);
  const document = ConfigDocument.parse(configFile, readConfigText(configFile));
  const validate = await configSchemaValidator();
  const schemaErrors = validate(document.value) ? [] : (validate.errors ?? []);
  const problems = [
    ...schemaProblems(schemaErrors, { config: document.value, schema: validate.schema as SchemaErrorContext['schema'], knownRuleIds: options.knownRuleIds }),
    ...environmentPatternProblems(document.value),
    ...unknownRuleProblems(document.value, options.knownRuleIds),
  ].map((problem) => ({ message: problem.message, location: document.locate(problem.path, problem.part) }));
  // Stable sort: of problems at one place, the schema's come first.
  const [first] = problems.sort((left, right) => left.location.range.start.offset - right.location.range.start.offset);
  if (first) throw new ConfigFileError(configFile, first.message, first.location.range.start.line, first.location.range.start.column);
  return projectConfigOf(document, document.value as ValidatedConfig);
}

function readConfigText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigFileError(file, `cannot read the configuration file: ${(error as Error).message}`);
  }
}

function projectConfigOf(document: ConfigDocument, config: ValidatedConfig): ProjectConfig {
  const directory = path.dirname(document.file);
  const resolve = (relativePath: string) => path.resolve(directory, relativePath);
  const excluded = new PathPatterns(directory, config.exclude ?? []);
  const projectConfig: ProjectConfig = {
    file: document.file,
    directory,
    mappings: (config.environments?.mappings ?? []).map((mapping, index) =>
      environmentMapping(mapping, directory, document.locate(['environments', 'mappings', String(index)])),
    ),
    terraformContexts: (config.terraform?.varFiles ?? []).map((context, index) => ({
      root: resolve(context.root),
      ...(context.name !== undefined && { name: context.name }),
      varFiles: context.files.map(resolve),
      ...(context.environment !== undefined && { environment: context.environment }),
      location: document.locate(['terraform', 'varFiles', String(index)]),
    })),
    cloudFormationContexts: (config.cloudformation?.parameterFiles ?? []).map((context, index) => ({
      template: resolve(context.template),
      ...(context.name !== undefined && { name: context.name }),
      parameterFiles: context.files.map(resolve),
      ...(context.environment !== undefined && { environment: context.environment }),
      location: document.locate(['cloudformation', 'parameterFiles', String(index)]),
    })),
    rules: Object.fromEntries(Object.entries(config.rules ?? {}).map(([ruleId, setting]) => [ruleId, ruleSettingOf(setting)])),
    isExcluded: (candidate) => excluded.matchesFile(candidate),
    suppressions: (config.suppressions ?? []).map((suppression, index) => {
      const patterns = new PathPatterns(directory, [suppression.path]);
      return {
        ruleId: suppression.rule,
        reason: suppression.reason,
        ...(suppression.address !== undefined && { address: suppression.address }),
        ...(suppression.until !== undefined && { until: suppression.until }),
        location: document.locate(['suppressions', String(index)]),
        matchesFile: (file: string) => patterns.matchesFile(file),
      };
    }),
  };
  const environments = config.environments;
  if (environments?.patterns !== undefined || environments?.replaceDefaultPatterns !== undefined) {
    projectConfig.patterns = {
      production: (environments.patterns?.production ?? []).map(parseEnvironmentPattern),
      nonProduction: (environments.patterns?.nonProduction ?? []).map(parseEnvironmentPattern),
      replaceDefaults: environments.replaceDefaultPatterns ?? false,
    };
  }
  if (environments?.unknown !== undefined) projectConfig.unknownEnvironment = environments.unknown;
  return projectConfig;
}

function environmentMapping(
  mapping: NonNullable<NonNullable<ValidatedConfig['environments']>['mappings']>[number],
  directory: string,
  location: SourceLocation,
): EnvironmentMapping {
  // The schema guarantees exactly one matcher.
  const matcher = MATCHERS.find((candidate) => mapping[candidate] !== undefined) ?? 'path';
  const pattern = mapping[matcher] ?? '';
  return { matcher, pattern, environment: mapping.environment, location, matches: mappingMatcher(matcher, pattern, directory) };
}

function mappingMatcher(matcher: EnvironmentMapping['matcher'], pattern: string, directory: string): (subject: string) => boolean {
  if (matcher === 'workspace') return (workspace) => workspace.toLowerCase() === pattern.toLowerCase();
  const patterns = new PathPatterns(directory, [pattern]);
  if (matcher !== 'path') return (file) => patterns.matchesFile(file);
  // A path is a root module's directory or a template file. Trying both spares a stat per call; the cost is that a
  // directory-only pattern (`live/prod/`) also matches a file named exactly `live/prod`, which templates never are.
  return (subject) => patterns.matchesDirectory(subject) || patterns.matchesFile(subject);
}

function ruleSettingOf(setting: NonNullable<ValidatedConfig['rules']>[string]): RuleSetting {
  if (setting === 'off') return { enabled: false };
  if (typeof setting === 'string') return { enabled: true, level: setting };
  return {
    enabled: setting.enabled ?? true,
    ...(setting.level !== undefined && { level: setting.level }),
    ...(setting.requiredTags !== undefined && { requiredTags: setting.requiredTags }),
  };
}

function isFile(candidate: string): boolean {
  try {
    return statSync(candidate, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    // A directory that cannot be searched holds no configuration iac-mq-lint could read.
    return false;
  }
}
