package iac_mq_lint.rules.MQ007_test

import data.iac_mq_lint.rules.MQ007

_address := "module.mq.aws_mq_broker.this[0]"

_known(value, path) := {"known": true, "value": value, "defaulted": false, "path": path}

_attributes := {
	"engine": _known("ACTIVEMQ", "engine_type"),
	"deployment_mode": _known("ACTIVE_STANDBY_MULTI_AZ", "deployment_mode"),
}

_plan_broker(change) := {"resources": [{
	"address": _address,
	"kind": "amazonmq.broker",
	"format": "terraform-plan",
	"attributes": _attributes,
	"change": change,
}]}

_mode_change(actions) := {
	"actions": actions,
	"replace_paths": [["deployment_mode"]],
	"action_reason": "replace_because_cannot_update",
}

_replaced(actions) := {
	"rule_id": "MQ007",
	"resource": _address,
	"attribute": "deployment_mode",
	"message_id": "replaced",
	"params": {
		"actions": actions,
		"paths": "deployment_mode",
		"reason": "replace_because_cannot_update",
	},
}

test_deny_delete_then_create if {
	MQ007.deny == {_replaced("delete, create")} with input as _plan_broker(_mode_change(["delete", "create"]))
}

test_deny_create_before_destroy if {
	MQ007.deny == {_replaced("create, delete")} with input as _plan_broker(_mode_change(["create", "delete"]))
}

test_deny_delete_only_without_attribute if {
	MQ007.deny == {{
		"rule_id": "MQ007",
		"resource": _address,
		"message_id": "deleted",
		"params": {"actions": "delete", "paths": "", "reason": "not given"},
	}} with input as _plan_broker({"actions": ["delete"]})
}

test_deny_delete_only_with_reason if {
	MQ007.deny == {{
		"rule_id": "MQ007",
		"resource": _address,
		"message_id": "deleted",
		"params": {"actions": "delete", "paths": "", "reason": "delete_because_no_resource_config"},
	}} with input as _plan_broker({"actions": ["delete"], "action_reason": "delete_because_no_resource_config"})
}

# The deployment mode is the attribute of the finding whenever it is among the paths, even when not first.
test_paths_joined_with_index_steps if {
	MQ007.deny == {{
		"rule_id": "MQ007",
		"resource": _address,
		"attribute": "deployment_mode",
		"message_id": "replaced",
		"params": {
			"actions": "delete, create",
			"paths": "subnet_ids.0, deployment_mode, encryption_options.0.use_aws_owned_key",
			"reason": "replace_because_cannot_update",
		},
	}} with input as _plan_broker({
		"actions": ["delete", "create"],
		"replace_paths": [["subnet_ids", 0], ["deployment_mode"], ["encryption_options", 0, "use_aws_owned_key"]],
		"action_reason": "replace_because_cannot_update",
	})
}

test_attribute_is_the_normalized_name_of_the_source_attribute if {
	some finding in MQ007.deny with input as _plan_broker({"actions": ["delete", "create"], "replace_paths": [["engine_type"]]})
	finding.attribute == "engine"
	finding.params.paths == "engine_type"
}

test_attribute_keeps_a_name_without_normalized_attribute if {
	some finding in MQ007.deny with input as _plan_broker({"actions": ["delete", "create"], "replace_paths": [["broker_name"]]})
	finding.attribute == "broker_name"
}

test_reason_absent if {
	MQ007.deny == {{
		"rule_id": "MQ007",
		"resource": _address,
		"attribute": "deployment_mode",
		"message_id": "replaced",
		"params": {"actions": "delete, create", "paths": "deployment_mode", "reason": "not given"},
	}} with input as _plan_broker({"actions": ["delete", "create"], "replace_paths": [["deployment_mode"]]})
}

test_replacement_without_replace_paths if {
	MQ007.deny == {{
		"rule_id": "MQ007",
		"resource": _address,
		"message_id": "replacedForReason",
		"params": {"actions": "delete, create", "paths": "", "reason": "replace_by_request"},
	}} with input as _plan_broker({"actions": ["delete", "create"], "action_reason": "replace_by_request"})
}

test_replacement_with_empty_replace_paths_and_no_reason if {
	MQ007.deny == {{
		"rule_id": "MQ007",
		"resource": _address,
		"message_id": "replacedForReason",
		"params": {"actions": "create, delete", "paths": "", "reason": "not given"},
	}} with input as _plan_broker({"actions": ["create", "delete"], "replace_paths": []})
}

test_allow_update_in_place if {
	count(MQ007.deny) == 0 with input as _plan_broker({"actions": ["update"]})
}

test_allow_no_op if {
	count(MQ007.deny) == 0 with input as _plan_broker({"actions": ["no-op"]})
}

test_allow_create if {
	count(MQ007.deny) == 0 with input as _plan_broker({"actions": ["create"]})
}

test_allow_read if {
	count(MQ007.deny) == 0 with input as _plan_broker({"actions": ["read"]})
}

test_silent_when_change_absent if {
	count(MQ007.deny) == 0 with input as {"resources": [{
		"address": _address,
		"kind": "amazonmq.broker",
		"format": "terraform",
		"attributes": _attributes,
	}]}
}

test_silent_when_actions_absent if {
	count(MQ007.deny) == 0 with input as _plan_broker({"replace_paths": [["deployment_mode"]]})
}

test_allow_other_resource_kind if {
	count(MQ007.deny) == 0 with input as {"resources": [{
		"address": "aws_instance.web",
		"kind": "aws_instance",
		"format": "terraform-plan",
		"attributes": {},
		"change": _mode_change(["delete", "create"]),
	}]}
}
