# METADATA
# title: ActiveMQ broker runs as a single instance
# custom:
#   id: MQ001
#   slug: single-instance-activemq
package iac_mq_lint.rules.MQ001

import data.iac_mq_lint.lib.broker

deny contains finding if {
	some resource in broker.brokers
	broker.attribute_is(resource, "engine", "ACTIVEMQ")
	broker.attribute_is(resource, "deployment_mode", "SINGLE_INSTANCE")
	mode := resource.attributes.deployment_mode
	finding := {
		"rule_id": "MQ001",
		"resource": resource.address,
		"attribute": "deployment_mode",
		"message_id": broker.message_id("singleInstance", mode),
		"params": {
			"mode": upper(mode.value),
			"engine": "ActiveMQ",
			"recommended": "ACTIVE_STANDBY_MULTI_AZ",
		},
	}
}
