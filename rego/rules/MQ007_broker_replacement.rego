# METADATA
# title: Plan replaces an Amazon MQ broker
# custom:
#   id: MQ007
#   slug: broker-replacement
package iac_mq_lint.rules.MQ007

import data.iac_mq_lint.lib.broker

deny contains finding if {
	some resource in broker.brokers
	change := resource.change
	replace_paths := _replace_paths(change)
	message_id := _message_id(change.actions, replace_paths)
	finding := object.union(
		{
			"rule_id": "MQ007",
			"resource": resource.address,
			"message_id": message_id,
			"params": {
				"actions": concat(", ", change.actions),
				"paths": concat(", ", [_format_path(replace_path) | some replace_path in replace_paths]),
				"reason": _reason(change),
			},
		},
		_attribute(resource, replace_paths),
	)
}

# A replacement deletes the broker too: destroy first, or create first with create_before_destroy.
_replacement(["delete", "create"])

_replacement(["create", "delete"])

_message_id(["delete"], _) := "deleted"

_message_id(actions, replace_paths) := "replaced" if {
	_replacement(actions)
	count(replace_paths) > 0
}

# No attribute forces it: `terraform plan -replace`, replace_triggered_by or a tainted broker.
_message_id(actions, []) := "replacedForReason" if _replacement(actions)

# Terraform omits replace_paths when nothing forces a replacement.
_replace_paths(change) := change.replace_paths if {
	is_array(change.replace_paths)
} else := []

_reason(change) := change.action_reason if {
	is_string(change.action_reason)
} else := "not given"

_format_path(replace_path) := concat(".", [_format_step(step) | some step in replace_path])

# Index steps are numbers (["subnet_ids", 0]).
_format_step(step) := step if {
	is_string(step)
} else := sprintf("%v", [step])

# The finding is about the deployment mode when its change forces the replacement (the change this tool
# exists for), else the first attribute that does: the normalized attribute read from it (`engine` for
# `engine_type`) when there is one, else its name as the plan writes it. A plain destroy, or a replacement
# without replace_paths, has none and omits the key.
_attribute(resource, replace_paths) := {"attribute": "deployment_mode"} if {
	resource.attributes
	some path in replace_paths
	path[0] == "deployment_mode"
} else := {"attribute": name} if {
	first := replace_paths[0][0]
	is_string(first)
	name := _normalized_name(resource, first)
} else := {}

# Sorted, so that two attributes read from the same source attribute cannot make the name ambiguous.
_normalized_name(resource, source_name) := names[0] if {
	names := sort([name | some name, attribute in resource.attributes; attribute.path == source_name])
	count(names) > 0
} else := source_name
