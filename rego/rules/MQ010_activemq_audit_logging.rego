# METADATA
# title: ActiveMQ broker does not send audit logs to CloudWatch
# custom:
#   id: MQ010
#   slug: activemq-audit-logging
package iac_mq_lint.rules.MQ010

import data.iac_mq_lint.lib.broker

# RabbitMQ brokers have no audit log to enable (Terraform refuses logs.audit for them), so only ActiveMQ is checked.
deny contains finding if {
	some resource in broker.brokers
	broker.attribute_is(resource, "engine", "ACTIVEMQ")
	broker.attribute_is_false(resource, "audit_logs")
	finding := {
		"rule_id": "MQ010",
		"resource": resource.address,
		"attribute": "audit_logs",
		"message_id": _message_id(resource.attributes.audit_logs),
		"params": {"fix": _fix(resource)},
	}
}

_message_id(audit_logs) := "auditLogsDefaulted" if {
	audit_logs.defaulted == true
} else := "auditLogsDisabled"

_fix(resource) := "Logs: {Audit: true}" if {
	resource.format == "cloudformation"
} else := "logs { audit = true }"
