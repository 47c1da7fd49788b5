/** Type declarations for build-rego.mjs, so the TypeScript tests that import it are type-checked. */

/** The rule annotations read from the Rego sources. */
export interface RuleAnnotation {
  id: string;
  slug: string;
  title: string;
  package: string;
}

/** What the bundle was built from. */
export interface BundleManifest {
  entrypoint: string;
  opaVersion: string;
  sources: string[];
  sourceDigest: string;
  wasmDigest: string;
}

export const ROOT: string;
export const BUNDLE_DIR: string;
export const ENTRYPOINT: string;
export function resolveOpa(root?: string): string;
export function runOpa(opa: string, args: string[], root?: string): string;
export function opaVersion(opa: string, root?: string): string;
export function listRegoSources(root?: string): Promise<string[]>;
export function regoSourceDigest(sources: string[], root?: string): Promise<string>;
export function bytesDigest(bytes: Uint8Array): string;
export function readRuleAnnotations(opa: string, root?: string): RuleAnnotation[];
export function buildRegoBundle(options?: { root?: string; outDir?: string; opa?: string }): Promise<{
  manifest: BundleManifest;
  rules: RuleAnnotation[];
  buildMs: number;
  wasmBytes: number;
}>;
