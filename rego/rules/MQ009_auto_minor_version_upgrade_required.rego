# METADATA
# title: Engine version requires automatic minor version upgrades
# custom:
#   id: MQ009
#   slug: auto-minor-version-upgrade-required
package iac_mq_lint.rules.MQ009

import data.iac_mq_lint.lib.broker

# From these versions on, Amazon MQ manages patch versions itself: the API rejects a broker without
# autoMinorVersionUpgrade and lists only major.minor versions as valid (amazon-mq-facts.md K7, §3.5).
_managed_from := {
	"ACTIVEMQ": {"major": 5, "minor": 18},
	"RABBITMQ": {"major": 3, "minor": 13},
}

deny contains finding if {
	some resource in broker.brokers
	managed := _managed(resource)
	broker.attribute_is_false(resource, "auto_minor_version_upgrade")
	finding := {
		"rule_id": "MQ009",
		"resource": resource.address,
		"attribute": "auto_minor_version_upgrade",
		"message_id": _upgrade_message_id(resource.attributes.auto_minor_version_upgrade),
		"params": {"engine": managed.engine, "version": managed.version.text, "minimum": managed.minimum},
	}
}

deny contains finding if {
	some resource in broker.brokers
	managed := _managed(resource)
	managed.version.components > 2
	finding := {
		"rule_id": "MQ009",
		"resource": resource.address,
		"attribute": "engine_version",
		"message_id": "patchLevelVersion",
		"params": {
			"engine": managed.engine,
			"version": managed.version.text,
			"minimum": managed.minimum,
			"majorMinor": managed.version.major_minor,
		},
	}
}

# A broker of an engine and version whose patch versions Amazon MQ manages; undefined when either is unknown.
_managed(resource) := {"engine": broker.engine_name(resource), "version": version, "minimum": sprintf("%d.%d", [from.major, from.minor])} if {
	some engine, from in _managed_from
	broker.attribute_is(resource, "engine", engine)
	version := broker.engine_version(resource)
	broker.version_at_least(version, from.major, from.minor)
}

# Terraform's default is false, unlike the API's; CloudFormation supplies no default, so an omitted
# AutoMinorVersionUpgrade is absent here and takes the API default, true.
_upgrade_message_id(attribute) := "autoMinorVersionUpgradeDefaulted" if {
	attribute.defaulted == true
} else := "autoMinorVersionUpgradeFalse"
