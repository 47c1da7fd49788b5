package iac_mq_lint.main_test

import data.iac_mq_lint.main

_known(value) := {"known": true, "value": value, "defaulted": false, "path": "p"}

_broker(address, engine) := {
	"address": address,
	"kind": "amazonmq.broker",
	"format": "terraform",
	"attributes": {"engine": _known(engine), "deployment_mode": _known("SINGLE_INSTANCE")},
}

_two_brokers := [_broker("aws_mq_broker.a", "ACTIVEMQ"), _broker("aws_mq_broker.r", "RABBITMQ")]

_rule_ids contains finding.rule_id if some finding in main.findings

test_findings_of_every_rule_package if {
	_rule_ids == {"MQ001", "MQ002"} with input as {"resources": _two_brokers}
}

test_empty_only_rules_keeps_every_rule if {
	_rule_ids == {"MQ001", "MQ002"} with input as {"resources": _two_brokers, "only_rules": []}
}

test_only_rules_keeps_listed_rules if {
	_rule_ids == {"MQ002"} with input as {"resources": _two_brokers, "only_rules": ["MQ002"]}
}

test_only_rules_naming_no_rule_keeps_nothing if {
	count(main.findings) == 0 with input as {"resources": _two_brokers, "only_rules": ["MQ999"]}
}
