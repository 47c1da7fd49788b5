// Hand-written `terraform show -json` output, pretty-printed as `jq .` prints it. Line numbers in the tests are
// pinned against these texts, so edit them only together.

/**
 * A plan of a root broker replaced because its deployment_mode changed (with a deposed object left by an earlier
 * failed replacement), a security group, a data source, a broker in `module.queue` with `count` whose subnets are
 * known only after apply, a broker with `for_each` in `module.queue.module.replica`, and a broker the plan deletes.
 * The provider's default_tags add `ManagedBy` to every `tags_all`.
 */
export const PLAN_TEXT = `{
  "format_version": "1.2",
  "terraform_version": "1.9.5",
  "variables": {
    "environment": {
      "value": "production"
    },
    "broker_subnets": {
      "value": ["subnet-0a", "subnet-0b"]
    }
  },
  "planned_values": {
    "root_module": {
      "resources": [
        {
          "address": "aws_mq_broker.orders",
          "mode": "managed",
          "type": "aws_mq_broker",
          "name": "orders",
          "provider_name": "registry.terraform.io/hashicorp/aws",
          "schema_version": 0,
          "values": {
            "apply_immediately": false,
            "authentication_strategy": "simple",
            "auto_minor_version_upgrade": true,
            "broker_name": "orders",
            "configuration": [],
            "deployment_mode": "ACTIVE_STANDBY_MULTI_AZ",
            "encryption_options": [{ "kms_key_id": null, "use_aws_owned_key": true }],
            "engine_type": "ActiveMQ",
            "engine_version": "5.18",
            "host_instance_type": "mq.m5.large",
            "publicly_accessible": false,
            "security_groups": ["sg-0123"],
            "storage_type": "efs",
            "subnet_ids": ["subnet-0a", "subnet-0b"],
            "tags": { "Name": "orders" },
            "tags_all": { "ManagedBy": "terraform", "Name": "orders" },
            "user": [{ "console_access": false, "groups": [], "password": "not-a-secret", "replication_user": false, "username": "app" }]
          },
          "sensitive_values": {
            "configuration": [],
            "encryption_options": [{}],
            "security_groups": [false],
            "subnet_ids": [false, false],
            "tags": {},
            "tags_all": {},
            "user": true
          }
        },
        {
          "address": "aws_security_group.mq",
          "mode": "managed",
          "type": "aws_security_group",
          "name": "mq",
          "provider_name": "registry.terraform.io/hashicorp/aws",
          "schema_version": 1,
          "values": { "description": "deployment_mode: not a key", "name": "mq", "tags": { "deployment_mode": "tag" } },
          "sensitive_values": {}
        },
        {
          "address": "data.aws_mq_broker.existing",
          "mode": "data",
          "type": "aws_mq_broker",
          "name": "existing",
          "provider_name": "registry.terraform.io/hashicorp/aws",
          "schema_version": 0,
          "values": { "broker_name": "existing", "deployment_mode": "SINGLE_INSTANCE" },
          "sensitive_values": {}
        }
      ],
      "child_modules": [
        {
          "address": "module.queue",
          "resources": [
            {
              "address": "module.queue.aws_mq_broker.this[0]",
              "mode": "managed",
              "type": "aws_mq_broker",
              "name": "this",
              "index": 0,
              "provider_name": "registry.terraform.io/hashicorp/aws",
              "schema_version": 0,
              "values": {
                "auto_minor_version_upgrade": false,
                "broker_name": "queue-0",
                "deployment_mode": "single_instance",
                "engine_type": "RabbitMQ",
                "engine_version": "3.13",
                "host_instance_type": "mq.t3.micro",
                "publicly_accessible": false,
                "security_groups": ["sg-0123", null],
                "tags": null
              },
              "sensitive_values": { "security_groups": [false, false], "subnet_ids": [] }
            }
          ],
          "child_modules": [
            {
              "address": "module.queue.module.replica",
              "resources": [
                {
                  "address": "module.queue.module.replica.aws_mq_broker.this[\\"blue\\"]",
                  "mode": "managed",
                  "type": "aws_mq_broker",
                  "name": "this",
                  "index": "blue",
                  "provider_name": "registry.terraform.io/hashicorp/aws",
                  "schema_version": 0,
                  "values": {
                    "broker_name": "replica-blue",
                    "deployment_mode": "CLUSTER_MULTI_AZ",
                    "engine_type": "RabbitMQ",
                    "tags": { "Color": "blue" },
                    "tags_all": { "Color": "blue", "ManagedBy": "terraform" }
                  },
                  "sensitive_values": {}
                }
              ]
            }
          ]
        }
      ]
    }
  },
  "resource_drift": [
    {
      "address": "aws_mq_broker.orders",
      "mode": "managed",
      "type": "aws_mq_broker",
      "name": "orders",
      "provider_name": "registry.terraform.io/hashicorp/aws",
      "change": { "actions": ["update"], "before": { "deployment_mode": "SINGLE_INSTANCE" }, "after": { "deployment_mode": "SINGLE_INSTANCE" } }
    }
  ],
  "resource_changes": [
    {
      "address": "aws_mq_broker.legacy",
      "mode": "managed",
      "type": "aws_mq_broker",
      "name": "legacy",
      "provider_name": "registry.terraform.io/hashicorp/aws",
      "change": {
        "actions": ["delete"],
        "before": {
          "broker_name": "legacy",
          "deployment_mode": "SINGLE_INSTANCE",
          "engine_type": "ActiveMQ",
          "tags": {},
          "tags_all": { "ManagedBy": "terraform" }
        },
        "after": null,
        "after_unknown": {},
        "before_sensitive": { "tags": {}, "tags_all": {} },
        "after_sensitive": false
      },
      "action_reason": "delete_because_no_resource_config"
    },
    {
      "address": "aws_mq_broker.orders",
      "mode": "managed",
      "type": "aws_mq_broker",
      "name": "orders",
      "provider_name": "registry.terraform.io/hashicorp/aws",
      "change": {
        "actions": ["delete", "create"],
        "before": {
          "broker_name": "orders",
          "deployment_mode": "SINGLE_INSTANCE",
          "engine_type": "ActiveMQ"
        },
        "after": {
          "broker_name": "orders",
          "deployment_mode": "ACTIVE_STANDBY_MULTI_AZ",
          "engine_type": "ActiveMQ"
        },
        "after_unknown": { "arn": true, "id": true, "instances": true },
        "before_sensitive": {},
        "after_sensitive": {},
        "replace_paths": [["deployment_mode"]]
      },
      "action_reason": "replace_because_cannot_update"
    },
    {
      "address": "aws_mq_broker.orders",
      "mode": "managed",
      "type": "aws_mq_broker",
      "name": "orders",
      "provider_name": "registry.terraform.io/hashicorp/aws",
      "deposed": "00000001",
      "change": {
        "actions": ["delete"],
        "before": { "broker_name": "orders", "deployment_mode": "SINGLE_INSTANCE" },
        "after": null,
        "after_unknown": {},
        "before_sensitive": {},
        "after_sensitive": false
      }
    },
    {
      "address": "aws_security_group.mq",
      "mode": "managed",
      "type": "aws_security_group",
      "name": "mq",
      "provider_name": "registry.terraform.io/hashicorp/aws",
      "change": { "actions": ["no-op"], "before": { "name": "mq" }, "after": { "name": "mq" }, "after_unknown": {} }
    },
    {
      "address": "module.queue.aws_mq_broker.this[0]",
      "module_address": "module.queue",
      "mode": "managed",
      "type": "aws_mq_broker",
      "name": "this",
      "index": 0,
      "provider_name": "registry.terraform.io/hashicorp/aws",
      "change": {
        "actions": ["create"],
        "before": null,
        "after": {
          "auto_minor_version_upgrade": false,
          "broker_name": "queue-0",
          "deployment_mode": "single_instance",
          "security_groups": ["sg-0123", null],
          "subnet_ids": null,
          "tags": null
        },
        "after_unknown": { "arn": true, "id": true, "security_groups": [false, true], "subnet_ids": true, "tags_all": true },
        "before_sensitive": false,
        "after_sensitive": { "security_groups": [false, false], "subnet_ids": [] }
      }
    },
    {
      "address": "module.queue.module.replica.aws_mq_broker.this[\\"blue\\"]",
      "module_address": "module.queue.module.replica",
      "mode": "managed",
      "type": "aws_mq_broker",
      "name": "this",
      "index": "blue",
      "provider_name": "registry.terraform.io/hashicorp/aws",
      "change": {
        "actions": ["no-op"],
        "before": { "broker_name": "replica-blue", "deployment_mode": "CLUSTER_MULTI_AZ" },
        "after": { "broker_name": "replica-blue", "deployment_mode": "CLUSTER_MULTI_AZ" },
        "after_unknown": {},
        "before_sensitive": {},
        "after_sensitive": {}
      }
    }
  ],
  "prior_state": {
    "format_version": "1.0",
    "terraform_version": "1.9.5",
    "values": {
      "root_module": {
        "resources": [
          {
            "address": "aws_mq_broker.legacy",
            "mode": "managed",
            "type": "aws_mq_broker",
            "name": "legacy",
            "provider_name": "registry.terraform.io/hashicorp/aws",
            "schema_version": 0,
            "values": { "broker_name": "legacy", "deployment_mode": "SINGLE_INSTANCE" },
            "sensitive_values": {}
          }
        ]
      }
    }
  },
  "configuration": {
    "provider_config": {
      "aws": {
        "name": "aws",
        "full_name": "registry.terraform.io/hashicorp/aws",
        "expressions": { "default_tags": [{ "tags": { "constant_value": { "ManagedBy": "terraform" } } }] }
      }
    },
    "root_module": {
      "resources": [
        {
          "address": "aws_mq_broker.orders",
          "mode": "managed",
          "type": "aws_mq_broker",
          "name": "orders",
          "provider_config_key": "aws",
          "expressions": { "deployment_mode": { "constant_value": "ACTIVE_STANDBY_MULTI_AZ" } },
          "schema_version": 0
        }
      ],
      "module_calls": {
        "queue": {
          "source": "./modules/queue",
          "expressions": { "subnet_ids": { "references": ["aws_subnet.private"] } },
          "module": {
            "resources": [
              {
                "address": "aws_mq_broker.this",
                "mode": "managed",
                "type": "aws_mq_broker",
                "name": "this",
                "provider_config_key": "aws",
                "expressions": { "deployment_mode": { "references": ["var.deployment_mode"] } },
                "schema_version": 0,
                "count_expression": { "constant_value": 1 }
              }
            ]
          }
        }
      },
      "variables": {
        "environment": { "description": "Where this runs" },
        "broker_subnets": {}
      }
    }
  },
  "relevant_attributes": [{ "resource": "aws_mq_broker.orders", "attribute": ["deployment_mode"] }],
  "timestamp": "2025-11-25T10:00:00Z",
  "applyable": true,
  "complete": true,
  "errored": false
}
`;

/** A state (`terraform show -json` of a state) with a root broker and a broker in `module.queue` with `count`. */
export const STATE_TEXT = `{
  "format_version": "1.0",
  "terraform_version": "1.9.5",
  "values": {
    "outputs": { "broker_id": { "sensitive": false, "value": "b-1234", "type": "string" } },
    "root_module": {
      "resources": [
        {
          "address": "aws_mq_broker.orders",
          "mode": "managed",
          "type": "aws_mq_broker",
          "name": "orders",
          "provider_name": "registry.terraform.io/hashicorp/aws",
          "schema_version": 0,
          "values": {
            "arn": "arn:aws:mq:eu-west-1:111122223333:broker:orders:b-1234",
            "broker_name": "orders",
            "deployment_mode": "SINGLE_INSTANCE",
            "engine_type": "ActiveMQ",
            "id": "b-1234",
            "subnet_ids": ["subnet-0a"],
            "tags": {},
            "tags_all": { "ManagedBy": "terraform" }
          },
          "sensitive_values": { "subnet_ids": [false], "tags": {}, "tags_all": {} }
        }
      ],
      "child_modules": [
        {
          "address": "module.queue",
          "resources": [
            {
              "address": "module.queue.aws_mq_broker.this[0]",
              "mode": "managed",
              "type": "aws_mq_broker",
              "name": "this",
              "index": 0,
              "provider_name": "registry.terraform.io/hashicorp/aws",
              "schema_version": 0,
              "values": { "broker_name": "queue-0", "deployment_mode": "ACTIVE_STANDBY_MULTI_AZ", "engine_type": "ActiveMQ" },
              "sensitive_values": {}
            }
          ]
        }
      ]
    }
  }
}
`;
