// Compiles the Rego rules to policy/policy.wasm and writes manifest.json (what the Wasm was built
// from, so a test can spot a stale bundle without Go) and rules.json (the rules' annotations).
// Usage: node scripts/build-rego.mjs [--out <dir>]
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';

/** The package root. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Where the committed bundle lives, relative to the package root. */
export const BUNDLE_DIR = 'policy';

/** The one entrypoint compiled to Wasm. */
export const ENTRYPOINT = 'iac_mq_lint/main/findings';

const RULES_PACKAGE_PREFIX = 'iac_mq_lint.rules.';
const WASM_CAPABILITIES = 'node_modules/@open-policy-agent/opa-wasm/capabilities.json';

/**
 * Returns the path of the OPA binary pinned in tools/go.mod, building it on first use.
 * `go tool -modfile=tools/go.mod opa` fails here ("cannot find main module": -modfile cannot set the
 * module root and the repository root has no go.mod), so Go runs inside tools/ and prints the cached
 * binary (`-n`), which then runs from the package root: paths stay relative, and the Wasm, which
 * embeds source file names for its error locations, stays the same on every machine.
 */
export function resolveOpa(root = ROOT) {
  const command = execFileSync('go', ['-C', 'tools', 'tool', '-n', 'opa'], { cwd: root, encoding: 'utf8' }).trim();
  if (command === '' || /\s/.test(command)) throw new Error(`unexpected output from \`go tool -n opa\`: ${command}`);
  return command;
}

/** Runs OPA from the package root and returns its standard output; throws with OPA's output when it fails. */
export function runOpa(opa, args, root = ROOT) {
  const result = spawnSync(opa, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    // OPA prints compile errors on standard output, other failures on standard error.
    throw new Error(`opa ${args[0]} failed:\n${result.stdout}${result.stderr}`.trimEnd());
  }
  return result.stdout;
}

/** The OPA version, e.g. `1.22.3`. */
export function opaVersion(opa, root = ROOT) {
  const match = /^Version: (\S+)$/m.exec(runOpa(opa, ['version'], root));
  if (!match?.[1]) throw new Error('`opa version` printed no version');
  return match[1];
}

/** The policy sources compiled into the bundle (tests excluded), as sorted POSIX paths relative to the root. */
export async function listRegoSources(root = ROOT) {
  const entries = await readdir(path.join(root, 'rego'), { recursive: true });
  return entries
    .map((entry) => `rego/${entry.split(path.sep).join('/')}`)
    .filter((file) => file.endsWith('.rego') && !file.endsWith('_test.rego'))
    .sort();
}

/** A sha256 over each source's path and content, in path order. */
export async function regoSourceDigest(sources, root = ROOT) {
  const hash = createHash('sha256');
  for (const file of sources) {
    // Git may check files out with CRLF on Windows; the policy is the same, so the digest must be too.
    const content = (await readFile(path.join(root, file), 'utf8')).replace(/\r\n/g, '\n');
    hash.update(`${file}\0${content}\0`);
  }
  return `sha256:${hash.digest('hex')}`;
}

/** A sha256 of a file's bytes. */
export function bytesDigest(bytes) {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/**
 * The rule annotations of `opa inspect -a`, reduced to `{id, slug, title, package}` sorted by id.
 * Fails when a rule package lacks an id or two annotations claim the same id.
 */
export function readRuleAnnotations(opa, root = ROOT) {
  const inspection = JSON.parse(runOpa(opa, ['inspect', '-a', '--format', 'json', 'rego/'], root));
  const rules = [];
  for (const { annotations, path: refPath, location } of inspection.annotations ?? []) {
    const id = annotations.custom?.id;
    if (id === undefined) continue;
    // A rule-scoped annotation's path ends with the rule name; the package is what precedes it.
    const segments = refPath.slice(1, annotations.scope === 'package' ? undefined : -1).map((term) => term.value);
    const rulePackage = segments.join('.');
    if (!rulePackage.startsWith(RULES_PACKAGE_PREFIX)) {
      throw new Error(`${location.file}:${location.row}: rule ${id} is outside ${RULES_PACKAGE_PREFIX}*`);
    }
    rules.push({ id, slug: annotations.custom?.slug, title: annotations.title, package: rulePackage });
  }
  rules.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const [index, rule] of rules.entries()) {
    if (typeof rule.slug !== 'string' || typeof rule.title !== 'string') {
      throw new Error(`rule ${rule.id} needs a title and a custom slug in its METADATA`);
    }
    if (rules[index - 1]?.id === rule.id) throw new Error(`rule id ${rule.id} is declared twice`);
  }
  const annotated = new Set(rules.map((rule) => rule.package));
  for (const namespace of Object.keys(inspection.namespaces ?? {})) {
    const rulePackage = namespace.replace(/^data\./, '');
    if (rulePackage.startsWith(RULES_PACKAGE_PREFIX) && !rulePackage.endsWith('_test') && !annotated.has(rulePackage)) {
      throw new Error(`package ${rulePackage} has no METADATA with a custom id`);
    }
  }
  return rules;
}

/** Returns the content of a regular file in a (ustar/pax) tar archive. */
function readTarFile(tar, wanted) {
  let offset = 0;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const text = (start, length) => header.toString('latin1', start, start + length).replace(/\0.*$/s, '');
    const size = Number.parseInt(text(124, 12).trim() || '0', 8);
    const type = text(156, 1) || '0';
    const prefix = text(257, 6) === 'ustar' ? text(345, 155) : '';
    const name = (prefix === '' ? text(0, 100) : `${prefix}/${text(0, 100)}`).replace(/^\/+/, '');
    const body = offset + 512;
    if (type === '0' && name === wanted) return tar.subarray(body, body + size);
    offset = body + Math.ceil(size / 512) * 512;
  }
  throw new Error(`${wanted} not found in the OPA bundle`);
}

/**
 * The capabilities to compile with: the builtins the Wasm SDK supports, plus the `rego_v1` feature
 * that OPA 1.x requires to parse v1 Rego and that the SDK's capabilities.json predates.
 */
async function wasmCapabilities(root) {
  const sdk = JSON.parse(await readFile(path.join(root, WASM_CAPABILITIES), 'utf8'));
  return { ...sdk, features: ['rego_v1'] };
}

function serialize(value) {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Builds the bundle into `outDir` (absolute, or relative to the root) and returns what it wrote. */
export async function buildRegoBundle({ root = ROOT, outDir = BUNDLE_DIR, opa = resolveOpa(root) } = {}) {
  const sources = await listRegoSources(root);
  const work = await mkdtemp(path.join(tmpdir(), 'iac-mq-lint-rego-'));
  try {
    const capabilitiesFile = path.join(work, 'capabilities.json');
    await writeFile(capabilitiesFile, JSON.stringify(await wasmCapabilities(root)));
    const archive = path.join(work, 'bundle.tar.gz');
    const started = performance.now();
    runOpa(opa, ['build', '-t', 'wasm', '-e', ENTRYPOINT, '--capabilities', capabilitiesFile, '-o', archive, ...sources], root);
    const buildMs = performance.now() - started;
    const wasm = readTarFile(gunzipSync(await readFile(archive)), 'policy.wasm');
    const manifest = {
      entrypoint: ENTRYPOINT,
      opaVersion: opaVersion(opa, root),
      sources,
      sourceDigest: await regoSourceDigest(sources, root),
      wasmDigest: bytesDigest(wasm),
    };
    const rules = readRuleAnnotations(opa, root);
    const target = path.resolve(root, outDir);
    await mkdir(target, { recursive: true });
    await writeFile(path.join(target, 'policy.wasm'), wasm);
    await writeFile(path.join(target, 'manifest.json'), serialize(manifest));
    await writeFile(path.join(target, 'rules.json'), serialize(rules));
    return { manifest, rules, buildMs, wasmBytes: wasm.length };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function main(argv) {
  const outIndex = argv.indexOf('--out');
  const outDir = outIndex === -1 ? BUNDLE_DIR : argv[outIndex + 1];
  if (outDir === undefined) throw new Error('--out needs a directory');
  const { manifest, rules, buildMs, wasmBytes } = await buildRegoBundle({ outDir });
  console.log(
    `${outDir}/policy.wasm: ${wasmBytes} bytes, ${rules.length} rules, ${manifest.sources.length} sources, ` +
      `OPA ${manifest.opaVersion}, opa build ${Math.round(buildMs)} ms`,
  );
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
