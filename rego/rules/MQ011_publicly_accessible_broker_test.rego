package iac_mq_lint.rules.MQ011_test

import data.iac_mq_lint.rules.MQ011

_address := "aws_mq_broker.orders"

_known(value, path) := {"known": true, "value": value, "defaulted": false, "path": path}

_broker(attributes) := {"resources": [{
	"address": _address,
	"kind": "amazonmq.broker",
	"format": "terraform",
	"attributes": attributes,
}]}

_finding(engine) := {
	"rule_id": "MQ011",
	"resource": _address,
	"attribute": "publicly_accessible",
	"message_id": "publiclyAccessible",
	"params": {"engine": engine},
}

test_deny_public_activemq if {
	MQ011.deny == {_finding("ActiveMQ")} with input as _broker({
		"engine": _known("ACTIVEMQ", "engine_type"),
		"publicly_accessible": _known(true, "publicly_accessible"),
	})
}

test_deny_public_rabbitmq_written_as_a_string_in_any_case if {
	MQ011.deny == {_finding("RabbitMQ")} with input as _broker({
		"engine": _known("rabbitmq", "Properties.EngineType"),
		"publicly_accessible": _known("True", "Properties.PubliclyAccessible"),
	})
}

test_deny_public_broker_of_an_unknown_engine if {
	MQ011.deny == {_finding("Amazon MQ")} with input as _broker({
		"engine": {"known": false, "reason": "var.engine has no value", "defaulted": false, "path": "engine_type"},
		"publicly_accessible": _known(true, "publicly_accessible"),
	})
}

test_allow_private_broker if {
	count(MQ011.deny) == 0 with input as _broker({
		"engine": _known("ACTIVEMQ", "engine_type"),
		"publicly_accessible": _known(false, "publicly_accessible"),
	})
}

test_allow_defaulted_private_broker if {
	count(MQ011.deny) == 0 with input as _broker({
		"engine": _known("ACTIVEMQ", "engine_type"),
		"publicly_accessible": {"known": true, "value": false, "defaulted": true, "path": "publicly_accessible"},
	})
}

test_allow_false_string if {
	count(MQ011.deny) == 0 with input as _broker({"publicly_accessible": _known("false", "Properties.PubliclyAccessible")})
}

test_silent_on_unknown_accessibility if {
	count(MQ011.deny) == 0 with input as _broker({
		"engine": _known("ACTIVEMQ", "engine_type"),
		"publicly_accessible": {"known": false, "reason": "var.public has no value", "defaulted": false, "path": "publicly_accessible"},
	})
}

test_silent_when_accessibility_absent if {
	count(MQ011.deny) == 0 with input as _broker({"engine": _known("ACTIVEMQ", "engine_type")})
}

test_silent_on_other_resource_kinds if {
	count(MQ011.deny) == 0 with input as {"resources": [{
		"address": "aws_db_instance.db",
		"kind": "aws_db_instance",
		"format": "terraform",
		"attributes": {"publicly_accessible": _known(true, "publicly_accessible")},
	}]}
}
