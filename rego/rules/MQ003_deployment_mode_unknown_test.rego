package iac_mq_lint.rules.MQ003_test

import data.iac_mq_lint.rules.MQ003

_address := "aws_mq_broker.orders"

_known(value, path) := {"known": true, "value": value, "defaulted": false, "path": path}

_unknown(reason, path) := {"known": false, "reason": reason, "defaulted": false, "path": path}

_broker(format, attributes) := {"resources": [{
	"address": _address,
	"kind": "amazonmq.broker",
	"format": format,
	"attributes": attributes,
}]}

_finding(message_id, reason) := {
	"rule_id": "MQ003",
	"resource": _address,
	"attribute": "deployment_mode",
	"message_id": message_id,
	"params": {"reason": reason},
}

test_deny_unknown_terraform_mode if {
	reason := "var.deployment_mode has no value (no default, no variable file or -var sets it)"
	MQ003.deny == {_finding("unknownTerraform", reason)} with input as _broker("terraform", {
		"engine": _known("ACTIVEMQ", "engine_type"),
		"deployment_mode": _unknown(reason, "deployment_mode"),
	})
}

test_deny_unknown_cloudformation_mode if {
	reason := "parameter DeploymentMode has no value"
	MQ003.deny == {_finding("unknownCloudFormation", reason)} with input as _broker("cloudformation", {
		"engine": _known("RABBITMQ", "Properties.EngineType"),
		"deployment_mode": _unknown(reason, "Properties.DeploymentMode"),
	})
}

test_deny_mode_known_only_after_apply if {
	MQ003.deny == {_finding("unknownAfterApply", "known only after apply")} with input as _broker("terraform-plan", {"deployment_mode": _unknown("known only after apply", "deployment_mode")})
}

test_deny_whatever_the_engine if {
	# An unknown engine does not make the mode any less unknown.
	count(MQ003.deny) == 1 with input as _broker("terraform", {
		"engine": _unknown("var.engine has no value", "engine_type"),
		"deployment_mode": _unknown("var.mode has no value", "deployment_mode"),
	})
}

test_allow_known_modes if {
	count(MQ003.deny) == 0 with input as _broker("terraform", {"deployment_mode": _known("SINGLE_INSTANCE", "deployment_mode")})
	count(MQ003.deny) == 0 with input as _broker("terraform", {"deployment_mode": _known("active_standby_multi_az", "deployment_mode")})
	count(MQ003.deny) == 0 with input as _broker("terraform", {"deployment_mode": {"known": true, "value": "SINGLE_INSTANCE", "defaulted": true, "path": "deployment_mode"}})
}

test_silent_when_mode_absent if {
	count(MQ003.deny) == 0 with input as _broker("cloudformation", {"engine": _known("ACTIVEMQ", "Properties.EngineType")})
}

test_silent_on_other_resource_kinds if {
	count(MQ003.deny) == 0 with input as {"resources": [{
		"address": "aws_instance.web",
		"kind": "aws_instance",
		"format": "terraform",
		"attributes": {"deployment_mode": _unknown("var.mode has no value", "deployment_mode")},
	}]}
}
