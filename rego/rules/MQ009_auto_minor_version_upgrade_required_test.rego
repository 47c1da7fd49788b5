package iac_mq_lint.rules.MQ009_test

import data.iac_mq_lint.rules.MQ009

_address := "aws_mq_broker.orders"

_known(value, path) := {"known": true, "value": value, "defaulted": false, "path": path}

_unknown(path) := {"known": false, "reason": "var.x has no value", "defaulted": false, "path": path}

_broker(format, attributes) := {"resources": [{
	"address": _address,
	"kind": "amazonmq.broker",
	"format": format,
	"attributes": attributes,
}]}

_terraform(engine, version, upgrade) := _broker("terraform", {
	"engine": _known(engine, "engine_type"),
	"engine_version": _known(version, "engine_version"),
	"auto_minor_version_upgrade": upgrade,
})

_upgrade_finding(message_id, engine, version, minimum) := {
	"rule_id": "MQ009",
	"resource": _address,
	"attribute": "auto_minor_version_upgrade",
	"message_id": message_id,
	"params": {"engine": engine, "version": version, "minimum": minimum},
}

_patch_finding(engine, version, minimum, major_minor) := {
	"rule_id": "MQ009",
	"resource": _address,
	"attribute": "engine_version",
	"message_id": "patchLevelVersion",
	"params": {"engine": engine, "version": version, "minimum": minimum, "majorMinor": major_minor},
}

test_deny_activemq_5_18_with_upgrades_off if {
	MQ009.deny == {_upgrade_finding("autoMinorVersionUpgradeFalse", "ActiveMQ", "5.18", "5.18")} with input as _terraform(
		"ACTIVEMQ", "5.18",
		_known(false, "auto_minor_version_upgrade"),
	)
}

test_deny_terraform_default_false if {
	MQ009.deny == {_upgrade_finding("autoMinorVersionUpgradeDefaulted", "RabbitMQ", "3.13", "3.13")} with input as _terraform(
		"RABBITMQ", "3.13",
		{"known": true, "value": false, "defaulted": true, "path": "auto_minor_version_upgrade"},
	)
}

test_deny_later_versions_compared_as_numbers if {
	MQ009.deny == {_upgrade_finding("autoMinorVersionUpgradeFalse", "RabbitMQ", "4.2", "3.13")} with input as _terraform(
		"RABBITMQ", "4.2",
		_known(false, "auto_minor_version_upgrade"),
	)
	MQ009.deny == {_upgrade_finding("autoMinorVersionUpgradeFalse", "ActiveMQ", "5.19", "5.18")} with input as _terraform(
		"ACTIVEMQ", "5.19",
		_known(false, "auto_minor_version_upgrade"),
	)
}

test_deny_cloudformation_false_written_in_any_case if {
	MQ009.deny == {_upgrade_finding("autoMinorVersionUpgradeFalse", "ActiveMQ", "5.18", "5.18")} with input as _broker("cloudformation", {
		"engine": _known("activemq", "Properties.EngineType"),
		"engine_version": _known("5.18", "Properties.EngineVersion"),
		"auto_minor_version_upgrade": _known("FALSE", "Properties.AutoMinorVersionUpgrade"),
	})
}

test_deny_patch_level_version if {
	MQ009.deny == {_patch_finding("ActiveMQ", "5.18.4", "5.18", "5.18")} with input as _terraform(
		"ACTIVEMQ", "5.18.4",
		_known(true, "auto_minor_version_upgrade"),
	)
}

test_deny_patch_level_version_and_upgrades_off_as_two_findings if {
	MQ009.deny == {
		_patch_finding("RabbitMQ", "3.13.7", "3.13", "3.13"),
		_upgrade_finding("autoMinorVersionUpgradeFalse", "RabbitMQ", "3.13.7", "3.13"),
	} with input as _terraform("RABBITMQ", "3.13.7", _known(false, "auto_minor_version_upgrade"))
}

test_allow_upgrades_on if {
	count(MQ009.deny) == 0 with input as _terraform("ACTIVEMQ", "5.18", _known(true, "auto_minor_version_upgrade"))
	count(MQ009.deny) == 0 with input as _terraform("RABBITMQ", "4.2", _known("true", "auto_minor_version_upgrade"))
}

test_allow_earlier_versions if {
	count(MQ009.deny) == 0 with input as _terraform("ACTIVEMQ", "5.17.6", _known(false, "auto_minor_version_upgrade"))
	count(MQ009.deny) == 0 with input as _terraform("ACTIVEMQ", "5.9", _known(false, "auto_minor_version_upgrade"))
	count(MQ009.deny) == 0 with input as _terraform("RABBITMQ", "3.12.13", _known(false, "auto_minor_version_upgrade"))
}

test_allow_cloudformation_broker_that_omits_the_property if {
	count(MQ009.deny) == 0 with input as _broker("cloudformation", {
		"engine": _known("ACTIVEMQ", "Properties.EngineType"),
		"engine_version": _known("5.18", "Properties.EngineVersion"),
	})
}

test_silent_on_unknown_values if {
	count(MQ009.deny) == 0 with input as _terraform("ACTIVEMQ", "5.18", _unknown("auto_minor_version_upgrade"))
	count(MQ009.deny) == 0 with input as _broker("terraform", {
		"engine": _known("ACTIVEMQ", "engine_type"),
		"engine_version": _unknown("engine_version"),
		"auto_minor_version_upgrade": _known(false, "auto_minor_version_upgrade"),
	})
	count(MQ009.deny) == 0 with input as _broker("terraform", {
		"engine": _unknown("engine_type"),
		"engine_version": _known("5.18.4", "engine_version"),
		"auto_minor_version_upgrade": _known(false, "auto_minor_version_upgrade"),
	})
}

test_silent_when_engine_version_absent_or_not_a_version if {
	count(MQ009.deny) == 0 with input as _broker("cloudformation", {
		"engine": _known("ACTIVEMQ", "Properties.EngineType"),
		"auto_minor_version_upgrade": _known(false, "Properties.AutoMinorVersionUpgrade"),
	})
	count(MQ009.deny) == 0 with input as _terraform("ACTIVEMQ", "latest", _known(false, "auto_minor_version_upgrade"))
}
