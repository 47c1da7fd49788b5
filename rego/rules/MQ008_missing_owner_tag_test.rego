package iac_mq_lint.rules.MQ008_test

import data.iac_mq_lint.rules.MQ008

_address := "aws_mq_broker.orders"

_tags(tags) := {"known": true, "value": tags, "defaulted": false, "path": "tags_all"}

_broker(attributes) := {"resources": [{
	"address": _address,
	"kind": "amazonmq.broker",
	"format": "terraform",
	"attributes": attributes,
}]}

_with_effective_tags(effective_tags) := _broker({
	"tags": {"known": true, "value": {"Name": "orders"}, "defaulted": false, "path": "tags"},
	"effective_tags": effective_tags,
})

_no_owner := {
	"rule_id": "MQ008",
	"resource": _address,
	"attribute": "tags",
	"message_id": "noOwnerTag",
	"params": {"keys": "Owner, owner, Team or team"},
}

_missing(missing, required) := {
	"rule_id": "MQ008",
	"resource": _address,
	"attribute": "tags",
	"message_id": "missingRequiredTags",
	"params": {"missing": missing, "required": required},
}

test_deny_no_owner_tag if {
	MQ008.deny == {_no_owner} with input as _with_effective_tags(_tags({"Name": "orders", "Environment": "prod"}))
}

test_deny_no_tags_at_all if {
	MQ008.deny == {_no_owner} with input as _broker({"effective_tags": _tags({})})
}

# AWS tag keys are case-sensitive: OWNER is not one of the accepted spellings.
test_deny_other_case_of_owner if {
	MQ008.deny == {_no_owner} with input as _with_effective_tags(_tags({"OWNER": "payments"}))
}

test_allow_each_owner_key if {
	every key in ["Owner", "owner", "Team", "team"] {
		count(MQ008.deny) == 0 with input as _with_effective_tags(_tags({key: "payments"}))
	}
}

test_deny_missing_required_tags if {
	MQ008.deny == {_missing("CostCenter, Owner", "CostCenter, Owner, Team")} with input as object.union(
		_with_effective_tags(_tags({"Team": "payments"})),
		{"settings": {"required_tags": ["Team", "Owner", "CostCenter"]}},
	)
}

# Configured keys replace the default ones: an Owner tag alone does not satisfy them.
test_deny_configured_keys_replace_owner_keys if {
	MQ008.deny == {_missing("CostCenter", "CostCenter")} with input as object.union(
		_with_effective_tags(_tags({"Owner": "payments"})),
		{"settings": {"required_tags": ["CostCenter"]}},
	)
}

test_allow_every_required_tag if {
	count(MQ008.deny) == 0 with input as object.union(
		_with_effective_tags(_tags({"Owner": "payments", "CostCenter": "42"})),
		{"settings": {"required_tags": ["Owner", "CostCenter"]}},
	)
}

test_empty_required_tags_means_owner_keys if {
	MQ008.deny == {_no_owner} with input as object.union(_with_effective_tags(_tags({})), {"settings": {"required_tags": []}})
}

# A map whose keys are known but some of whose values are not: the keys decide.
test_keys_of_a_map_with_unknown_values_decide if {
	partly := {"known": false, "reason": "var.owner has no value", "defaulted": false, "path": "tags_all", "keys": ["Name"]}
	MQ008.deny == {_no_owner} with input as _with_effective_tags(partly)
}

test_allow_owner_with_unknown_value if {
	partly := {"known": false, "reason": "var.owner has no value", "defaulted": false, "path": "tags_all", "keys": ["Name", "Owner"]}
	count(MQ008.deny) == 0 with input as _with_effective_tags(partly)
}

test_silent_on_unknown_tags if {
	count(MQ008.deny) == 0 with input as _with_effective_tags({
		"known": false,
		"reason": "var.tags has no value",
		"defaulted": false,
		"path": "tags_all",
	})
}

test_silent_on_unknown_tags_with_required_tags if {
	count(MQ008.deny) == 0 with input as object.union(
		_with_effective_tags({"known": false, "reason": "var.tags has no value", "defaulted": false, "path": "tags_all"}),
		{"settings": {"required_tags": ["Owner"]}},
	)
}

test_silent_when_effective_tags_absent if {
	count(MQ008.deny) == 0 with input as _broker({"tags": {"known": true, "value": {}, "defaulted": false, "path": "tags"}})
}

test_allow_other_resource_kind if {
	count(MQ008.deny) == 0 with input as {"resources": [{
		"address": "aws_instance.web",
		"kind": "aws_instance",
		"format": "terraform",
		"attributes": {"effective_tags": _tags({})},
	}]}
}
