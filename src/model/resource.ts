import type { DeploymentContext } from '../environment/context.js';
import type { DirectiveProblem, SuppressionDirective } from '../suppress/directives.js';
import type { SourceLocation } from './source.js';
import type { Origin, Value } from './value.js';

/** The input formats a resource can come from. */
export type InputFormat = 'terraform' | 'cloudformation' | 'terraform-plan' | 'application-config';

/** The normalized kind shared by Amazon MQ brokers of every input format. */
export const BROKER_KIND = 'amazonmq.broker';

/** The normalized kind of a broker endpoint an application's configuration connects to. */
export const CLIENT_ENDPOINT_KIND = 'amazonmq.client_endpoint';

/** Normalized broker attributes read from one argument or property of the broker itself. */
export type BrokerArgumentName =
  | 'broker_name'
  | 'engine'
  | 'engine_version'
  | 'deployment_mode'
  | 'host_instance_type'
  | 'storage_type'
  | 'subnet_ids'
  | 'security_groups'
  | 'publicly_accessible'
  | 'auto_minor_version_upgrade'
  | 'audit_logs'
  | 'tags';

/**
 * Normalized attributes no single argument holds. `effective_tags` are the tags AWS gives the broker, its own
 * `tags` over those it inherits from the deployment (provider `default_tags`, CloudFormation stack tags).
 * `subnet_zones` has one entry per distinct subnet of `subnet_ids`, `{subnet, zone, symbolic}`, resolved from
 * other resources (see `evaluate/subnet-zones.ts`).
 */
export type DerivedBrokerAttributeName = 'effective_tags' | 'subnet_zones';

/** Normalized attributes read from one argument or property of the broker. */
export type WrittenBrokerAttributeName = BrokerArgumentName;

/** Normalized broker attribute names; the rules see only these. */
export type BrokerAttributeName = BrokerArgumentName | DerivedBrokerAttributeName;

/**
 * Normalized attributes of a client endpoint: the URL (or the IaC expression of one instance's endpoint), the
 * other instance's, the broker, whether a `failover:(…)` list holds it, and whether that list names the peer.
 */
export type ClientEndpointAttributeName = 'endpoint_url' | 'peer_endpoint_url' | 'broker' | 'in_failover' | 'failover_has_peer';

/** One normalized attribute: its value, the source attribute path it came from, and whether a default supplied it. */
export interface NormalizedAttribute {
  /** The attribute path in the source format, e.g. `deployment_mode` or `Properties.DeploymentMode`. */
  path: string;
  value: Value;
  /** True when the attribute was omitted and the tool's default applies (e.g. Terraform's `SINGLE_INSTANCE`). */
  defaulted: boolean;
}

/** A change a Terraform plan would make to a resource (`resource_changes[].change`). */
export interface ResourceChange {
  /** Terraform's actions, e.g. `["delete", "create"]` for a replacement. */
  actions: string[];
  /** Attribute paths that force the replacement, e.g. `[["deployment_mode"]]`. */
  replacePaths: Array<Array<string | number>>;
  /** Why Terraform replaces it, e.g. `replace_because_cannot_update`. */
  actionReason?: string;
  /** The `resource_changes` entry in the plan file. */
  location: SourceLocation;
}

/** A resource in the normalized graph. */
export interface Resource {
  /** Stable address, e.g. `module.mq.aws_mq_broker.this[0]`. */
  address: string;
  /** The root module directory or template file the resource was evaluated from (absolute). */
  root: string;
  /** Normalized kind (`amazonmq.broker`) or, for resources without one, the source type. */
  kind: string;
  /** The type as written in the source, e.g. `aws_mq_broker`. */
  sourceType: string;
  format: InputFormat;
  /** The resource header (`resource "aws_mq_broker" "this"`). */
  location: SourceLocation;
  /** Module calls that instantiate the resource, outermost first (empty for root resources). */
  moduleCalls: Origin[];
  /** Normalized attributes (only for kinds that have a normalization). */
  attributes: Partial<Record<BrokerAttributeName | ClientEndpointAttributeName, NormalizedAttribute>>;
  /** Addresses of resources this one refers to. */
  references: string[];
  /** For plans: the change Terraform would make. */
  change?: ResourceChange;
  /** For plans and state: the root module's input variables Terraform resolved, kept as environment evidence. */
  variables?: Record<string, Value>;
  /**
   * The AWS Region the resource is deployed in, when the configuration states it: a Terraform `provider "aws"`
   * `region`, a plan's provider configuration, an existing broker's ARN.
   */
  region?: string;
  /** Suppressions written on the resource itself (CloudFormation `Metadata`), and those that could not be read. */
  suppressions?: { directives: SuppressionDirective[]; problems: DirectiveProblem[] };
  /** The deployment context the resource was evaluated in, with the evidence gathered for it. */
  context?: DeploymentContext;
}


/** Everything the evaluation stage produced for the rules. */
export interface ResourceGraph {
  resources: Resource[];
}
