# METADATA
# title: Broker is publicly accessible
# custom:
#   id: MQ011
#   slug: publicly-accessible-broker
package iac_mq_lint.rules.MQ011

import data.iac_mq_lint.lib.broker

deny contains finding if {
	some resource in broker.brokers
	broker.attribute_is_true(resource, "publicly_accessible")
	finding := {
		"rule_id": "MQ011",
		"resource": resource.address,
		"attribute": "publicly_accessible",
		"message_id": "publiclyAccessible",
		"params": {"engine": broker.engine_name(resource)},
	}
}
