import { localFileSystem as fs } from './local-file-system.js';
import path from 'node:path';
import { classifyFile, comparePaths, isTerraformConfiguration } from './file-kind.js';
import type { TerraformModuleDir } from './terraform-modules.js';
import type { TextReader } from './text-cache.js';

/** Module directories split by whether parsing them can lead to an Amazon MQ broker. */
export interface ModuleRelevance {
  relevant: TerraformModuleDir[];
  skipped: TerraformModuleDir[];
}

/** A `module` block as the prefilter sees it: the label and the literal `source`. */
export interface ModuleCall {
  name: string;
  source: string;
}

const BROKER_RESOURCE_TYPE = 'aws_mq_broker';

// A registry or Git module cannot be read before `terraform init`, and treating every such call
// as relevant would parse whole ordinary IaC corpora, so only calls that look like MQ count.
const MQ_HINT = /mq|broker/i;

// Terraform treats a source as a local path only with these prefixes (addrs.ParseModuleSource);
// anything else, absolute paths included, goes through the module installer.
const LOCAL_SOURCE = /^\.\.?[/\\]/;

// Enough to keep the disk busy without holding thousands of files open at once.
const DIRECTORIES_IN_FLIGHT = 16;

interface DirectoryFacts {
  /** Mentions the broker resource type, calls a remote module that looks like MQ, or could not be read. */
  mayHoldBroker: boolean;
  /** Directories of the local modules it calls, left empty once `mayHoldBroker` is settled. */
  localCallees: readonly string[];
}

const MAY_HOLD_BROKER: DirectoryFacts = { mayHoldBroker: true, localCallees: [] };

/**
 * Keeps the modules whose text mentions `aws_mq_broker`, or that call, through any chain of local
 * module sources (read from disk when outside the scanned set), a module that does, or that call a
 * remote module whose name or source mentions MQ. Parsing HCL is slow; this check reads text only,
 * each file once through `readText`, and errs towards relevance.
 */
export async function findRelevantModules(
  modules: TerraformModuleDir[],
  readText: TextReader,
): Promise<ModuleRelevance> {
  const relevantDirectories = await directoriesLeadingToBroker(modules, readText);
  return {
    relevant: modules.filter((module) => relevantDirectories.has(module.directory)),
    skipped: modules.filter((module) => !relevantDirectories.has(module.directory)),
  };
}

/** Terragrunt configurations split by whether the module they deploy can hold an Amazon MQ broker. */
export interface TerragruntRelevance {
  relevant: string[];
  skipped: string[];
}

/**
 * Keeps the `terragrunt.hcl` files worth parsing: those whose `terraform { source }` is a local module that may
 * hold a broker (by the test {@link findRelevantModules} applies), or a remote one whose address mentions MQ (so
 * the scan can say it was not checked). Without a source the configuration applies its own directory; a source
 * Terragrunt computes (`${…}`), or one an included configuration sets, counts when it or the path mentions MQ.
 */
export async function findRelevantTerragruntConfigs(configs: string[], readText: TextReader): Promise<TerragruntRelevance> {
  const modulesByConfig = new Map<string, string[]>();
  const relevant = new Set<string>();
  for (const config of configs) {
    let text: string;
    try {
      text = await readText(config);
    } catch {
      // The Terragrunt stage reads through the same cache and reports the failure.
      relevant.add(config);
      continue;
    }
    const directory = path.dirname(config);
    const sources = terragruntSources(text);
    if (sources.length === 0) {
      if (mentionsMessageBroker(text)) relevant.add(config);
      else modulesByConfig.set(config, [directory]);
      continue;
    }
    const modules: string[] = [];
    for (const source of sources) {
      if (source.includes('${')) {
        if (mentionsMessageBroker(`${config} ${source}`)) relevant.add(config);
      } else if (isRemoteTerragruntSource(source)) {
        if (mentionsMessageBroker(source)) relevant.add(config);
      } else {
        modules.push(path.resolve(directory, source));
      }
    }
    modulesByConfig.set(config, modules);
  }
  const modules = [...new Set([...modulesByConfig.values()].flat())].map((directory) => ({ directory }));
  const relevantDirectories = await directoriesLeadingToBroker(modules, readText);
  for (const [config, directories] of modulesByConfig) {
    if (directories.some((directory) => relevantDirectories.has(directory))) relevant.add(config);
  }
  return { relevant: configs.filter((config) => relevant.has(config)), skipped: configs.filter((config) => !relevant.has(config)) };
}

// Terragrunt hands sources to go-getter: a forced getter (`git::`), a URL or a known host is downloaded, and
// anything else is a path relative to the configuration.
const REMOTE_TERRAGRUNT_SOURCE = /^(?:[a-z0-9]+::|[a-z][a-z0-9+.-]*:\/\/|git@|github\.com\/|bitbucket\.org\/|[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\/)/i;

/** Whether Terragrunt downloads a `terraform { source }` (into `.terragrunt-cache`) rather than reading it from disk. */
export function isRemoteTerragruntSource(source: string): boolean {
  return REMOTE_TERRAGRUNT_SOURCE.test(source);
}

/** Whether a name, path or module address mentions Amazon MQ: `mq`, `broker`, `rabbit`. */
export function mentionsMessageBroker(text: string): boolean {
  return /mq|broker|rabbit/i.test(text);
}

// Anchored at the start of a line, as module headers are; a `generate` block's heredoc can hold one too.
const TERRAFORM_BLOCK_HEADER = /^[ \t]*terraform[ \t]*\{/m;

/**
 * The candidates for the `terraform { source }` of a Terragrunt configuration's raw text: as for module calls,
 * every `source =` after a `terraform` header counts (a `required_providers` entry in a heredoc, say).
 */
function terragruntSources(text: string): string[] {
  const header = TERRAFORM_BLOCK_HEADER.exec(text);
  if (!header) return [];
  return [...text.slice(header.index + header[0].length - 1).matchAll(SOURCE_ARGUMENT)].map((argument) => argument[1] ?? '');
}

/**
 * The directories, among the given ones and the local modules they call (read from disk when their files are not
 * given), that may hold a broker or lead to one through local module calls.
 */
async function directoriesLeadingToBroker(
  modules: Array<{ directory: string; files?: string[] }>,
  readText: TextReader,
): Promise<Set<string>> {
  const filesByDirectory = new Map(modules.flatMap((module) => (module.files ? [[module.directory, module.files] as const] : [])));
  const factsByDirectory = new Map<string, DirectoryFacts>();
  const pending = modules.map((module) => module.directory);
  const queued = new Set(pending);
  const inspectPending = async (): Promise<void> => {
    for (let directory = pending.pop(); directory !== undefined; directory = pending.pop()) {
      const facts = await inspectDirectory(directory, filesByDirectory.get(directory), readText);
      factsByDirectory.set(directory, facts);
      for (const callee of facts.localCallees) {
        if (queued.has(callee)) continue;
        queued.add(callee);
        pending.push(callee);
      }
    }
  };
  await Promise.all(Array.from({ length: DIRECTORIES_IN_FLIGHT }, inspectPending));
  return callersOfBrokers(factsByDirectory);
}

async function inspectDirectory(
  directory: string,
  knownFiles: string[] | undefined,
  readText: TextReader,
): Promise<DirectoryFacts> {
  const localCallees: string[] = [];
  for (const file of knownFiles ?? (await listConfigurationFiles(directory))) {
    let text: string;
    try {
      text = await readText(file);
    } catch {
      // The parsers read through the same cache and report the failure, but only for a relevant module.
      return MAY_HOLD_BROKER;
    }
    if (text.includes(BROKER_RESOURCE_TYPE)) return MAY_HOLD_BROKER;
    for (const call of extractModuleCalls(file, text)) {
      if (LOCAL_SOURCE.test(call.source)) localCallees.push(path.resolve(directory, call.source));
      else if (MQ_HINT.test(call.source) || MQ_HINT.test(call.name)) return MAY_HOLD_BROKER;
    }
  }
  return { mayHoldBroker: false, localCallees };
}

/** Terraform files of a directory outside the scanned set; none when it is missing or unreadable. */
async function listConfigurationFiles(directory: string): Promise<string[]> {
  try {
    const entries = await fs.readdir(directory, { withFileTypes: true });
    return entries
      .filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && isTerraformConfiguration(classifyFile(entry.name)))
      .map((entry) => path.join(directory, entry.name))
      .sort(comparePaths);
  } catch {
    return [];
  }
}

/** Walks the call graph backwards from the directories that may hold a broker, so cycles are harmless. */
function callersOfBrokers(factsByDirectory: Map<string, DirectoryFacts>): Set<string> {
  const callersByCallee = new Map<string, string[]>();
  for (const [caller, facts] of factsByDirectory) {
    for (const callee of facts.localCallees) {
      const callers = callersByCallee.get(callee) ?? [];
      callers.push(caller);
      callersByCallee.set(callee, callers);
    }
  }
  const relevant = new Set([...factsByDirectory].filter(([, facts]) => facts.mayHoldBroker).map(([directory]) => directory));
  const frontier = [...relevant];
  for (let directory = frontier.pop(); directory !== undefined; directory = frontier.pop()) {
    for (const caller of callersByCallee.get(directory) ?? []) {
      if (relevant.has(caller)) continue;
      relevant.add(caller);
      frontier.push(caller);
    }
  }
  return relevant;
}

/** The module calls a prefilter can see in a `.tf` or `.tf.json` file's raw text, without parsing HCL. */
export function extractModuleCalls(filePath: string, text: string): ModuleCall[] {
  return classifyFile(filePath) === 'terraform-json' ? moduleCallsInJson(text) : moduleCallsInHcl(text);
}

// Anchored at the start of a line, so a commented-out block (`# module "x" {`) is passed over.
const MODULE_BLOCK_HEADER = /^[ \t]*module[ \t]+(?:"([^"\r\n]*)"|([A-Za-z_][\w-]*))[ \t]*\{/gm;
// Anchored at a line start or an opening brace, for the same reason and for one-line blocks.
const SOURCE_ARGUMENT = /(?:^|\{)[ \t]*source[ \t]*=[ \t]*"([^"\r\n]*)"/gm;

function moduleCallsInHcl(text: string): ModuleCall[] {
  const headers = [...text.matchAll(MODULE_BLOCK_HEADER)];
  return headers.flatMap((header, position) => {
    const name = header[1] ?? header[2] ?? '';
    // Without a parser the block's end is unknown, so every `source =` up to the next module block
    // counts (say, an S3 object's `source` after it): an extra candidate costs time, a missed one findings.
    const bodyStart = header.index + header[0].length - 1;
    const bodyEnd = headers[position + 1]?.index ?? text.length;
    return [...text.slice(bodyStart, bodyEnd).matchAll(SOURCE_ARGUMENT)].map((argument) => ({
      name,
      source: argument[1] ?? '',
    }));
  });
}

function moduleCallsInJson(text: string): ModuleCall[] {
  let document: unknown;
  try {
    document = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    // Calls cannot be found in a file that does not parse; if the directory is relevant for another reason, the parser reports it.
    return [];
  }
  const calls: ModuleCall[] = [];
  // Terraform's JSON syntax lets each block level be an object or an array of objects.
  for (const body of objectsIn(document)) {
    for (const moduleBlocks of objectsIn(body['module'])) {
      for (const [name, moduleBodies] of Object.entries(moduleBlocks)) {
        for (const moduleBody of objectsIn(moduleBodies)) {
          const source = moduleBody['source'];
          if (typeof source === 'string') calls.push({ name, source });
        }
      }
    }
  }
  return calls;
}

function objectsIn(value: unknown): Array<Record<string, unknown>> {
  if (Array.isArray(value)) return value.flatMap(objectsIn);
  return typeof value === 'object' && value !== null ? [value as Record<string, unknown>] : [];
}
