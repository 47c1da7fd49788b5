# METADATA
# title: RabbitMQ broker runs as a single instance
# custom:
#   id: MQ002
#   slug: single-instance-rabbitmq
package iac_mq_lint.rules.MQ002

import data.iac_mq_lint.lib.broker

deny contains finding if {
	some resource in broker.brokers
	broker.attribute_is(resource, "engine", "RABBITMQ")
	broker.attribute_is(resource, "deployment_mode", "SINGLE_INSTANCE")
	mode := resource.attributes.deployment_mode
	finding := {
		"rule_id": "MQ002",
		"resource": resource.address,
		"attribute": "deployment_mode",
		"message_id": broker.message_id("singleInstance", mode),
		"params": {
			"mode": upper(mode.value),
			"engine": "RabbitMQ",
			"recommended": "CLUSTER_MULTI_AZ",
		},
	}
}
