import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadedPolicy } from '@open-policy-agent/opa-wasm';

/** A finding as the Rego rules emit it (snake_case, as written in Rego). */
export interface RegoFinding {
  rule_id: string;
  resource: string;
  attribute?: string;
  message_id: string;
  params: Record<string, string | number | boolean>;
}

/** What the Rego rules see: the normalized resources and, optionally, the only rule ids to run and the rules' settings. */
export interface RegoInput {
  resources: unknown[];
  only_rules?: string[];
  /** The project configuration's rule settings, as Rego names them. */
  settings?: { required_tags?: string[] };
}

const ENTRYPOINT = 'iac_mq_lint/main/findings';

let policy: Promise<LoadedPolicy> | undefined;

/** Evaluates every Rego rule (or those in `only_rules`) and returns their findings in a stable order. */
export async function evaluateRegoRules(input: RegoInput): Promise<RegoFinding[]> {
  const loaded = await loadCachedPolicy();
  const resultSet: unknown = loaded.evaluate(input, ENTRYPOINT);
  return parseResultSet(resultSet).sort(compareFindings);
}

/**
 * Starts loading the policy without waiting, so its WebAssembly compilation overlaps the parsing that comes
 * before the rules run; a failure surfaces at the next {@link evaluateRegoRules}.
 */
export function preloadRegoRules(): void {
  loadCachedPolicy().catch(() => undefined);
}

function loadCachedPolicy(): Promise<LoadedPolicy> {
  if (policy === undefined) {
    const bundle = path.join(findPackageRoot(), 'policy', 'policy.wasm');
    // The SDK is imported here, not at start-up: a scan that finds no broker never needs it.
    const loading = Promise.all([readFile(bundle), import('@open-policy-agent/opa-wasm')]).then(
      ([wasm, sdk]) => sdk.loadPolicy(wasm),
      (error: unknown) => {
        throw new Error(`cannot read the Rego bundle ${bundle} (run \`npm run build:rego\`): ${String(error)}`);
      },
    );
    policy = loading;
    // A failed load is not kept, so a later call can succeed once the bundle exists.
    loading.catch(() => {
      if (policy === loading) policy = undefined;
    });
  }
  return policy;
}

/** The nearest ancestor with a package.json: the module runs from src/engine (vitest) and dist/src/engine (built). */
function findPackageRoot(): string {
  const start = path.dirname(fileURLToPath(import.meta.url));
  for (let directory = start; ; directory = path.dirname(directory)) {
    if (existsSync(path.join(directory, 'package.json'))) return directory;
    if (path.dirname(directory) === directory) throw new Error(`no package.json above ${start}`);
  }
}

function parseResultSet(resultSet: unknown): RegoFinding[] {
  if (!Array.isArray(resultSet)) throw new Error('the Rego policy returned no result set');
  // The entrypoint is a set rule, so it is always defined: one result, possibly empty.
  const [first] = resultSet as unknown[];
  const findings = isRecord(first) ? first['result'] : undefined;
  if (!Array.isArray(findings)) throw new Error('the Rego policy returned no findings array');
  return findings.map(parseFinding);
}

function parseFinding(value: unknown): RegoFinding {
  if (
    !isRecord(value) ||
    typeof value['rule_id'] !== 'string' ||
    typeof value['resource'] !== 'string' ||
    typeof value['message_id'] !== 'string' ||
    !isRecord(value['params'])
  ) {
    throw new Error(`malformed Rego finding: ${JSON.stringify(value)}`);
  }
  const params: Record<string, string | number | boolean> = {};
  for (const [name, param] of Object.entries(value['params'])) {
    if (typeof param !== 'string' && typeof param !== 'number' && typeof param !== 'boolean') {
      throw new Error(`Rego finding ${value['rule_id']} has a non-scalar param ${name}: ${JSON.stringify(param)}`);
    }
    params[name] = param;
  }
  const finding: RegoFinding = {
    rule_id: value['rule_id'],
    resource: value['resource'],
    message_id: value['message_id'],
    params,
  };
  const attribute = value['attribute'];
  if (typeof attribute === 'string') finding.attribute = attribute;
  return finding;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Code-unit order, not localeCompare: the order must not depend on the machine's locale.
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareFindings(a: RegoFinding, b: RegoFinding): number {
  return (
    compareText(a.rule_id, b.rule_id) ||
    compareText(a.resource, b.resource) ||
    compareText(a.attribute ?? '', b.attribute ?? '') ||
    compareText(a.message_id, b.message_id)
  );
}
