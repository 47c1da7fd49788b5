package iac_mq_lint.rules.MQ012_test

import data.iac_mq_lint.rules.MQ012

_address := "aws_mq_broker.orders"

_known(value, path) := {"known": true, "value": value, "defaulted": false, "path": path}

_broker(engine, version) := {"resources": [{
	"address": _address,
	"kind": "amazonmq.broker",
	"format": "terraform",
	"attributes": {"engine": engine, "engine_version": version},
}]}

_versioned(engine, version) := _broker(_known(engine, "engine_type"), _known(version, "engine_version"))

_finding(message_id, engine, version, date, recommended) := {
	"rule_id": "MQ012",
	"resource": _address,
	"attribute": "engine_version",
	"message_id": message_id,
	"params": {"engine": engine, "version": version, "date": date, "recommended": recommended},
}

test_deny_activemq_versions_past_end_of_support if {
	MQ012.deny == {_finding("endOfSupport", "ActiveMQ", "5.17", "2025-06-16", "5.19")} with input as _versioned("ACTIVEMQ", "5.17.6")
	MQ012.deny == {_finding("endOfSupport", "ActiveMQ", "5.16", "2024-11-15", "5.19")} with input as _versioned("ActiveMQ", "5.16")
	MQ012.deny == {_finding("endOfSupport", "ActiveMQ", "5.15", "2024-09-16", "5.19")} with input as _versioned("activemq", "5.15.0")
}

test_deny_rabbitmq_versions_past_end_of_support if {
	MQ012.deny == {_finding("endOfSupport", "RabbitMQ", "3.12", "2025-03-17", "4.2")} with input as _versioned("RABBITMQ", "3.12.13")
	MQ012.deny == {_finding("endOfSupport", "RabbitMQ", "3.11", "2025-02-17", "4.2")} with input as _versioned("RABBITMQ", "3.11.20")
	MQ012.deny == {_finding("endOfSupport", "RabbitMQ", "3.10", "2024-10-15", "4.2")} with input as _versioned("rabbitmq", "3.10")
	MQ012.deny == {_finding("endOfSupport", "RabbitMQ", "3.9", "2024-09-16", "4.2")} with input as _versioned("RABBITMQ", "3.9.27")
}

test_deny_undated_end_of_support if {
	MQ012.deny == {_finding("endOfSupportBefore", "RabbitMQ", "3.8", "2024-09-16", "4.2")} with input as _versioned("RABBITMQ", "3.8.6")
}

test_allow_supported_versions if {
	count(MQ012.deny) == 0 with input as _versioned("ACTIVEMQ", "5.18")
	count(MQ012.deny) == 0 with input as _versioned("ACTIVEMQ", "5.19")
	count(MQ012.deny) == 0 with input as _versioned("RABBITMQ", "3.13")
	count(MQ012.deny) == 0 with input as _versioned("RABBITMQ", "4.2")
}

test_allow_a_version_of_the_other_engine if {
	# 3.12 is a RabbitMQ version, 5.17 an ActiveMQ one: each table belongs to its engine.
	count(MQ012.deny) == 0 with input as _versioned("ACTIVEMQ", "3.12")
	count(MQ012.deny) == 0 with input as _versioned("RABBITMQ", "5.17")
}

test_minor_versions_compared_as_numbers if {
	# 3.1 is not 3.10, and 5.170 is not 5.17.
	count(MQ012.deny) == 0 with input as _versioned("RABBITMQ", "3.1")
	count(MQ012.deny) == 0 with input as _versioned("ACTIVEMQ", "5.170")
}

test_silent_on_unknown_values if {
	count(MQ012.deny) == 0 with input as _broker(
		_known("ACTIVEMQ", "engine_type"),
		{"known": false, "reason": "var.engine_version has no value", "defaulted": false, "path": "engine_version"},
	)
	count(MQ012.deny) == 0 with input as _broker(
		{"known": false, "reason": "var.engine has no value", "defaulted": false, "path": "engine_type"},
		_known("5.17.6", "engine_version"),
	)
}

test_silent_when_engine_version_absent if {
	count(MQ012.deny) == 0 with input as {"resources": [{
		"address": _address,
		"kind": "amazonmq.broker",
		"format": "cloudformation",
		"attributes": {"engine": _known("ACTIVEMQ", "Properties.EngineType")},
	}]}
}
