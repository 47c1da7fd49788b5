import path from 'node:path';

/**
 * What a file is to the scanner, decided by its name alone. `structured` files (YAML, JSON, `.template`) may
 * be CloudFormation templates; their content decides. `terragrunt` is a `terragrunt.hcl`, one deployment of a
 * module (the `root.hcl` it includes is read through its `include`, never on its own).
 */
export type FileKind = 'terraform' | 'terraform-json' | 'terraform-vars' | 'terragrunt' | 'structured' | 'application-config' | 'other';

const STRUCTURED_EXTENSIONS = new Set(['.yaml', '.yml', '.json', '.template']);

/**
 * Application configuration that may name broker endpoints (MQ006): Java properties, dotenv files (`.env`,
 * `.env.production`, `prod.env`), XML (Spring, ActiveMQ client configuration) and `.conf` files. YAML and JSON
 * configuration is `structured` and read as well.
 */
const APPLICATION_CONFIG = /\.(?:properties|xml|conf)$|^\.env(?:\.[\w-]+)?$|\.env$/i;

/** Classifies a file by its name the way Terraform's loader would (case-sensitive, as Terraform is). */
export function classifyFile(filePath: string): FileKind {
  const name = path.basename(filePath);
  if (name.endsWith('.tfvars') || name.endsWith('.tfvars.json')) return 'terraform-vars';
  if (APPLICATION_CONFIG.test(name)) return 'application-config';
  // Terraform skips hidden files, vim backups and emacs lock files when it loads a module directory
  // (IsIgnoredFile in hashicorp/terraform internal/configs/parser_config_dir.go), so they are not configuration.
  if (name.startsWith('.') || name.endsWith('~') || (name.startsWith('#') && name.endsWith('#'))) return 'other';
  if (name.endsWith('.tf')) return 'terraform';
  if (name.endsWith('.tf.json')) return 'terraform-json';
  if (name === 'terragrunt.hcl') return 'terragrunt';
  if (STRUCTURED_EXTENSIONS.has(path.extname(name).toLowerCase())) return 'structured';
  return 'other';
}

/** Whether a kind is Terraform configuration (`.tf`, `.tf.json`) rather than variable values. */
export function isTerraformConfiguration(kind: FileKind): boolean {
  return kind === 'terraform' || kind === 'terraform-json';
}

/** Orders paths by UTF-16 code units: stable across locales, and Terraform's own (byte) order for ASCII names. */
export function comparePaths(left: string, right: string): number {
  if (left < right) return -1;
  return left > right ? 1 : 0;
}
