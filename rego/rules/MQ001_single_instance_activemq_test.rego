package iac_mq_lint.rules.MQ001_test

import data.iac_mq_lint.rules.MQ001

_address := "module.mq.aws_mq_broker.this[0]"

_known(value, path) := {"known": true, "value": value, "defaulted": false, "path": path}

_broker(attributes) := {"resources": [{
	"address": _address,
	"kind": "amazonmq.broker",
	"format": "terraform",
	"attributes": attributes,
}]}

_activemq_with_mode(mode) := _broker({
	"engine": _known("ACTIVEMQ", "engine_type"),
	"deployment_mode": mode,
})

test_deny_explicit_single_instance if {
	MQ001.deny == {{
		"rule_id": "MQ001",
		"resource": _address,
		"attribute": "deployment_mode",
		"message_id": "singleInstance",
		"params": {"mode": "SINGLE_INSTANCE", "engine": "ActiveMQ", "recommended": "ACTIVE_STANDBY_MULTI_AZ"},
	}} with input as _activemq_with_mode(_known("SINGLE_INSTANCE", "deployment_mode"))
}

test_deny_lower_case_mode_and_engine if {
	MQ001.deny == {{
		"rule_id": "MQ001",
		"resource": _address,
		"attribute": "deployment_mode",
		"message_id": "singleInstance",
		"params": {"mode": "SINGLE_INSTANCE", "engine": "ActiveMQ", "recommended": "ACTIVE_STANDBY_MULTI_AZ"},
	}} with input as _broker({
		"engine": _known("activemq", "engine_type"),
		"deployment_mode": _known("single_instance", "deployment_mode"),
	})
}

test_deny_defaulted_single_instance if {
	MQ001.deny == {{
		"rule_id": "MQ001",
		"resource": _address,
		"attribute": "deployment_mode",
		"message_id": "singleInstanceDefaulted",
		"params": {"mode": "SINGLE_INSTANCE", "engine": "ActiveMQ", "recommended": "ACTIVE_STANDBY_MULTI_AZ"},
	}} with input as _activemq_with_mode({"known": true, "value": "SINGLE_INSTANCE", "defaulted": true, "path": "deployment_mode"})
}

test_allow_active_standby if {
	count(MQ001.deny) == 0 with input as _activemq_with_mode(_known("ACTIVE_STANDBY_MULTI_AZ", "deployment_mode"))
}

test_allow_other_engine if {
	count(MQ001.deny) == 0 with input as _broker({
		"engine": _known("RABBITMQ", "engine_type"),
		"deployment_mode": _known("SINGLE_INSTANCE", "deployment_mode"),
	})
}

test_allow_other_resource_kind if {
	count(MQ001.deny) == 0 with input as {"resources": [{
		"address": "aws_instance.web",
		"kind": "aws_instance",
		"format": "terraform",
		"attributes": {
			"engine": _known("ACTIVEMQ", "engine_type"),
			"deployment_mode": _known("SINGLE_INSTANCE", "deployment_mode"),
		},
	}]}
}

test_silent_on_unknown_deployment_mode if {
	count(MQ001.deny) == 0 with input as _activemq_with_mode({
		"known": false,
		"reason": "var.mode has no value",
		"defaulted": false,
		"path": "deployment_mode",
	})
}

test_silent_on_unknown_engine if {
	count(MQ001.deny) == 0 with input as _broker({
		"engine": {"known": false, "reason": "var.engine has no value", "defaulted": false, "path": "engine_type"},
		"deployment_mode": _known("SINGLE_INSTANCE", "deployment_mode"),
	})
}

test_silent_when_deployment_mode_absent if {
	count(MQ001.deny) == 0 with input as _broker({"engine": _known("ACTIVEMQ", "engine_type")})
}

test_silent_when_engine_absent if {
	count(MQ001.deny) == 0 with input as _broker({"deployment_mode": _known("SINGLE_INSTANCE", "deployment_mode")})
}
