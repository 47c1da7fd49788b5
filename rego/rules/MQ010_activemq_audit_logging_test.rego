package iac_mq_lint.rules.MQ010_test

import data.iac_mq_lint.rules.MQ010

_address := "module.mq.aws_mq_broker.this[0]"

_known(value, path) := {"known": true, "value": value, "defaulted": false, "path": path}

_defaulted_off := {"known": true, "value": false, "defaulted": true, "path": "logs.audit"}

_broker(format, attributes) := {"resources": [{
	"address": _address,
	"kind": "amazonmq.broker",
	"format": format,
	"attributes": attributes,
}]}

_activemq_with_audit(audit_logs) := _broker("terraform", {
	"engine": _known("ACTIVEMQ", "engine_type"),
	"audit_logs": audit_logs,
})

_finding(message_id, fix) := {
	"rule_id": "MQ010",
	"resource": _address,
	"attribute": "audit_logs",
	"message_id": message_id,
	"params": {"fix": fix},
}

test_deny_explicit_false if {
	MQ010.deny == {_finding("auditLogsDisabled", "logs { audit = true }")} with input as _activemq_with_audit(_known(false, "logs.audit"))
}

test_deny_defaulted if {
	MQ010.deny == {_finding("auditLogsDefaulted", "logs { audit = true }")} with input as _activemq_with_audit(_defaulted_off)
}

test_deny_cloudformation_names_its_property if {
	MQ010.deny == {_finding("auditLogsDefaulted", "Logs: {Audit: true}")} with input as _broker("cloudformation", {
		"engine": _known("ACTIVEMQ", "Properties.EngineType"),
		"audit_logs": {"known": true, "value": false, "defaulted": true, "path": "Properties.Logs.Audit"},
	})
}

test_deny_plan if {
	MQ010.deny == {_finding("auditLogsDisabled", "logs { audit = true }")} with input as _broker("terraform-plan", {
		"engine": _known("ActiveMQ", "engine_type"),
		"audit_logs": _known(false, "logs.0.audit"),
	})
}

test_deny_lower_case_engine_and_text_false if {
	MQ010.deny == {_finding("auditLogsDisabled", "logs { audit = true }")} with input as _broker("terraform", {
		"engine": _known("activemq", "engine_type"),
		"audit_logs": _known("FALSE", "logs.audit"),
	})
}

test_allow_audit_on if {
	count(MQ010.deny) == 0 with input as _activemq_with_audit(_known(true, "logs.audit"))
}

test_allow_audit_on_as_text if {
	count(MQ010.deny) == 0 with input as _activemq_with_audit(_known("True", "logs.audit"))
}

test_allow_rabbitmq if {
	count(MQ010.deny) == 0 with input as _broker("terraform", {
		"engine": _known("RABBITMQ", "engine_type"),
		"audit_logs": _defaulted_off,
	})
}

test_allow_other_resource_kind if {
	count(MQ010.deny) == 0 with input as {"resources": [{
		"address": "aws_instance.web",
		"kind": "aws_instance",
		"format": "terraform",
		"attributes": {"engine": _known("ACTIVEMQ", "engine_type"), "audit_logs": _known(false, "logs.audit")},
	}]}
}

test_silent_on_unknown_audit_logs if {
	count(MQ010.deny) == 0 with input as _activemq_with_audit({
		"known": false,
		"reason": "logs is a dynamic block, which iac-mq-lint does not expand",
		"defaulted": false,
		"path": "logs.audit",
	})
}

test_silent_on_unknown_engine if {
	count(MQ010.deny) == 0 with input as _broker("terraform", {
		"engine": {"known": false, "reason": "var.engine has no value", "defaulted": false, "path": "engine_type"},
		"audit_logs": _defaulted_off,
	})
}

test_silent_when_audit_logs_absent if {
	count(MQ010.deny) == 0 with input as _broker("terraform", {"engine": _known("ACTIVEMQ", "engine_type")})
}

test_silent_when_engine_absent if {
	count(MQ010.deny) == 0 with input as _broker("terraform", {"audit_logs": _defaulted_off})
}
