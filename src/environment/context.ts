import type { SourceLocation } from '../model/source.js';

/** Where a deployment runs, as far as the scan can tell. */
export type Environment = 'production' | 'non-production' | 'unknown';

/** How much an environment matters when one broker is deployed to several: production, then unknown, then non-production. */
export const ENVIRONMENT_RANK: Readonly<Record<Environment, number>> = { production: 3, unknown: 2, 'non-production': 1 };

/** How strongly a kind of evidence speaks; stronger evidence decides, weaker evidence that disagrees is a conflict. */
export type EvidenceKind =
  /** `--environment` on the command line. */
  | 'forced'
  /** An explicit mapping in `.iac-mq-lint.yml`. */
  | 'config'
  /** A boolean variable or parameter such as `is_production = true`. */
  | 'flag'
  /** A tag such as `Environment = "prod"` on the broker, in provider `default_tags` or in stack tags. */
  | 'tag'
  /** A variable or parameter such as `environment = "prod"`. */
  | 'value'
  /** The name the context was found by: a var file, workspace, parameter file, samconfig environment, stack name. */
  | 'context-name'
  /** Backend settings: a state key `prod/mq.tfstate`, a remote or cloud workspace name. */
  | 'backend'
  /** The directories of the root module or template below the scan root (`live/prod`). */
  | 'directory';

/** One observation about the environment, kept so every verdict can say why. */
export interface Evidence {
  kind: EvidenceKind;
  /** What was observed, for people: `var file envs/prod.tfvars`, `tag Environment=prod`, `variable environment = "prod"`. */
  description: string;
  /**
   * Text whose words name the environment (`envs/prod.tfvars`, `prod`, `live/eu-prod`). Path-like names are read
   * from the deepest segment up: the first segment that names an environment decides.
   */
  name?: string;
  /** For flags and forced or configured verdicts: whether this says production (true) or non-production (false). */
  production?: boolean;
  /** Where the evidence is written, when it is written somewhere. */
  location?: SourceLocation;
}

/**
 * One way a root module or template is deployed: the inputs it is evaluated with and the names it was found by.
 * A root with `prod.tfvars` and `dev.tfvars` has two contexts; a root with nothing to tell them apart has one.
 */
export interface DeploymentContext {
  /** Short display name: `prod.tfvars`, `vars/prod`, `workspace prod`, `samconfig prod`, `default`. */
  name: string;
  /** Evidence known before evaluation (names, backend, directories); evaluation adds values and tags per resource. */
  evidence: Evidence[];
  /** Input files this context reads beyond the root itself (var files, parameter files, samconfig), absolute. */
  files: string[];
  /** Terraform: the var files applied, in order (absolute). */
  varFiles?: string[];
  /** Terraform: the workspace, when the context selects one. */
  workspace?: string;
  /** CloudFormation: the parameter files applied, in order (absolute). */
  parameterFiles?: string[];
}

/** The verdict on one context, with the evidence behind it. */
export interface Classification {
  environment: Environment;
  /** The evidence that decided, strongest first. */
  decisive: Evidence[];
  /** Evidence that disagrees with the verdict (shown, never silently dropped). */
  conflicts: Evidence[];
  /** One line for messages: `production: var file prod.tfvars; tag Environment=prod`. */
  reason: string;
}
