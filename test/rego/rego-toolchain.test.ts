import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BUNDLE_DIR,
  ROOT,
  buildRegoBundle,
  bytesDigest,
  listRegoSources,
  readRuleAnnotations,
  regoSourceDigest,
  resolveOpa,
} from '../../scripts/build-rego.mjs';

interface BundleManifest {
  entrypoint: string;
  opaVersion: string;
  sources: string[];
  sourceDigest: string;
  wasmDigest: string;
}

const readBundleFile = (name: string) => readFile(path.join(ROOT, BUNDLE_DIR, name));
const readBundleJson = async (name: string): Promise<unknown> => JSON.parse((await readBundleFile(name)).toString('utf8'));

const goOnPath = !spawnSync('go', ['version']).error;
// CI must prove the Rego toolchain passes, so there a missing Go fails these tests instead of skipping them.
const skipToolchain = !goOnPath && process.env['CI'] !== 'true';
if (skipToolchain) {
  console.warn(
    'Skipping the Rego toolchain tests (opa test/check/fmt, rules.json, rebuild): `go` is not on PATH. ' +
      'Install Go 1.24+ to run them; with CI=true they fail instead.',
  );
}

describe('the committed Rego bundle (no Go needed)', () => {
  it('was built from the current Rego sources', async () => {
    const manifest = (await readBundleJson('manifest.json')) as BundleManifest;
    const sources = await listRegoSources();
    expect(sources).toContain('rego/main.rego');
    expect(manifest.sources).toEqual(sources);
    expect(manifest.sourceDigest, 'rego/ changed since the bundle was built: run `npm run build:rego`').toBe(
      await regoSourceDigest(sources),
    );
    expect(manifest.wasmDigest, 'policy.wasm does not match manifest.json: run `npm run build:rego`').toBe(
      bytesDigest(await readBundleFile('policy.wasm')),
    );
  });

  it('was built with the OPA version pinned in tools/go.mod', async () => {
    const goMod = await readFile(path.join(ROOT, 'tools', 'go.mod'), 'utf8');
    const pinned = /^\s*github\.com\/open-policy-agent\/opa v(\S+)/m.exec(goMod)?.[1];
    expect(pinned).toBeDefined();
    const manifest = (await readBundleJson('manifest.json')) as BundleManifest;
    expect(manifest.opaVersion, 'rebuild the bundle with the pinned OPA: run `npm run build:rego`').toBe(pinned);
  });
});

describe.skipIf(skipToolchain)('the Rego toolchain (OPA pinned in tools/go.mod)', () => {
  let opa = '';
  let scratch = '';

  // Reached without Go only when CI=true: this fails and the tests that need OPA are skipped.
  const itWithOpa = it.skipIf(!goOnPath);

  beforeAll(async () => {
    if (!goOnPath) return;
    // The first `go tool` run compiles OPA, which takes minutes on a cold cache.
    opa = resolveOpa();
    scratch = await mkdtemp(path.join(tmpdir(), 'iac-mq-lint-rego-test-'));
  }, 600_000);

  afterAll(async () => {
    if (scratch !== '') await rm(scratch, { recursive: true, force: true });
  });

  const opaResult = (args: string[]) => spawnSync(opa, args, { cwd: ROOT, encoding: 'utf8' });

  it('has Go on PATH', () => {
    expect(goOnPath, '`go` is not on PATH, and CI=true requires the Rego toolchain tests to run').toBe(true);
  });

  itWithOpa('passes opa test', () => {
    const result = opaResult(['test', 'rego/', '-v']);
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(result.stdout).toMatch(/^PASS: \d+\/\d+$/m);
  }, 120_000);

  itWithOpa('passes opa check --strict', () => {
    const result = opaResult(['check', '--strict', 'rego/']);
    expect(result.status, result.stderr).toBe(0);
  }, 120_000);

  itWithOpa('is formatted as opa fmt formats it', () => {
    const result = opaResult(['fmt', '--list', 'rego/']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.trim(), 'run `opa fmt -w rego/`').toBe('');
  }, 120_000);

  itWithOpa('has a rules.json that agrees with the rule annotations', async () => {
    expect(await readBundleJson('rules.json')).toEqual(readRuleAnnotations(opa));
  }, 120_000);

  itWithOpa('rebuilds to byte-identical bundle files', async () => {
    await buildRegoBundle({ opa, outDir: scratch });
    for (const name of ['policy.wasm', 'manifest.json', 'rules.json']) {
      const rebuilt = await readFile(path.join(scratch, name));
      expect(rebuilt.equals(await readBundleFile(name)), `${name} differs: run \`npm run build:rego\``).toBe(true);
    }
  }, 120_000);
});
