import type { ProjectConfig } from '../config/project-config.js';

/** What a scan is asked to do; the CLI, the GitHub Action and the pre-commit hook all build one of these. */
export interface ScanOptions {
  /** Directory that relative paths in the output are relative to. */
  cwd: string;
  /** Extra Terraform variable files (`--var-file`), in order; later files win. */
  varFiles: string[];
  /** Terraform variables from `--var NAME=VALUE`, in order; later ones win. */
  vars: Array<{ name: string; value: string }>;
  /** CloudFormation parameter files (`--parameters`), in order; later files win. */
  parameterFiles: string[];
  /** Where the configuration of scanned Terraform plans lives (`--config-dir`); default: each plan's directory. */
  configDir?: string;
  /** `--workspace NAME`; when absent: TF_WORKSPACE, then `.terraform/environment`, then `default`. */
  workspace?: string;
  /** The process environment (for `TF_VAR_*` and `TF_WORKSPACE`); passed in so scans stay pure. */
  env: Record<string, string | undefined>;
  /** When set, only these rule ids run (the fixture runner enables one rule at a time). */
  onlyRules?: string[];
  /** `--environment`: treat every deployment as production or non-production, whatever the evidence says. */
  environment?: 'production' | 'non-production';
  /** `--unknown-environment`: how findings of production rules are reported where the environment is unknown (default warning). */
  unknownEnvironment?: 'error' | 'warning' | 'ignore';
  /** `--include-non-production`: report production rules' findings in non-production deployments as notes. */
  includeNonProduction?: boolean;
  /** Today as `YYYY-MM-DD`, for suppressions with `until=` (default: the current UTC date); fixed in tests. */
  today?: string;
  /** The project configuration (`.iac-mq-lint.yml`), already loaded and validated. */
  config?: ProjectConfig;
}
