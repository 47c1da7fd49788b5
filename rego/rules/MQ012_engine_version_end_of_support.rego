# METADATA
# title: Engine version is past AWS end of support
# custom:
#   id: MQ012
#   slug: engine-version-end-of-support
package iac_mq_lint.rules.MQ012

import data.iac_mq_lint.lib.broker

# End of support on Amazon MQ by engine and major.minor, from the AWS version support calendars
# (https://docs.aws.amazon.com/amazon-mq/latest/developer-guide/activemq-version-management.html and
# rabbitmq-version-management.html; amazon-mq-facts.md §8), checked in 2026. Every version listed was past its
# end of support by then, so the rule never reads today's date and its output is the same on every run. AWS
# gives no date for RabbitMQ 3.8, only that it ended before 3.9 did. Add a version here once its date has passed.
_end_of_support := {
	"ACTIVEMQ": {
		"5.15": {"on": "2024-09-16"},
		"5.16": {"on": "2024-11-15"},
		"5.17": {"on": "2025-06-16"},
	},
	"RABBITMQ": {
		"3.8": {"before": "2024-09-16"},
		"3.9": {"on": "2024-09-16"},
		"3.10": {"on": "2024-10-15"},
		"3.11": {"on": "2025-02-17"},
		"3.12": {"on": "2025-03-17"},
	},
}

# The version AWS recommends for each engine in the same calendars.
_recommended := {"ACTIVEMQ": "5.19", "RABBITMQ": "4.2"}

deny contains finding if {
	some resource in broker.brokers
	some engine, ended in _end_of_support
	broker.attribute_is(resource, "engine", engine)
	version := broker.engine_version(resource)
	end := ended[version.major_minor]
	some relation, date in end
	finding := {
		"rule_id": "MQ012",
		"resource": resource.address,
		"attribute": "engine_version",
		"message_id": _message_id[relation],
		"params": {
			"engine": broker.engine_name(resource),
			"version": version.major_minor,
			"date": date,
			"recommended": _recommended[engine],
		},
	}
}

_message_id := {"on": "endOfSupport", "before": "endOfSupportBefore"}
