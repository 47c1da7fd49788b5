package iac_mq_lint.lib.broker_test

import data.iac_mq_lint.lib.broker

_known(value) := {"known": true, "value": value, "defaulted": false, "path": "p"}

_unknown := {"known": false, "reason": "var.x has no value", "defaulted": false, "path": "p"}

_with(name, attribute) := {"address": "aws_mq_broker.x", "kind": "amazonmq.broker", "attributes": {name: attribute}}

test_booleans_and_quoted_booleans if {
	broker.attribute_is_true(_with("publicly_accessible", _known(true)), "publicly_accessible")
	broker.attribute_is_true(_with("publicly_accessible", _known(" TRUE ")), "publicly_accessible")
	broker.attribute_is_false(_with("publicly_accessible", _known(false)), "publicly_accessible")
	broker.attribute_is_false(_with("publicly_accessible", _known("False")), "publicly_accessible")
}

test_neither_true_nor_false_when_unknown_absent_or_not_a_boolean if {
	not broker.attribute_is_true(_with("publicly_accessible", _unknown), "publicly_accessible")
	not broker.attribute_is_false(_with("publicly_accessible", _unknown), "publicly_accessible")
	not broker.attribute_is_true(_with("tags", _known({})), "publicly_accessible")
	not broker.attribute_is_false(_with("publicly_accessible", _known("no")), "publicly_accessible")
	not broker.attribute_is_true(_with("publicly_accessible", _known(1)), "publicly_accessible")
}

test_engine_version_major_minor_and_patch if {
	broker.engine_version(_with("engine_version", _known("5.18"))) == {"text": "5.18", "major": 5, "minor": 18, "components": 2, "major_minor": "5.18"}
	broker.engine_version(_with("engine_version", _known("5.17.6"))) == {"text": "5.17.6", "major": 5, "minor": 17, "components": 3, "major_minor": "5.17"}
	broker.engine_version(_with("engine_version", _known(" 3.08.1 "))).major_minor == "3.8"
	broker.engine_version(_with("engine_version", _known(5.17))).major_minor == "5.17"
}

test_engine_version_undefined_when_unknown_or_not_dotted_numbers if {
	not broker.engine_version(_with("engine_version", _unknown))
	not broker.engine_version(_with("engine_version", _known("latest")))
	not broker.engine_version(_with("engine_version", _known("4")))
	not broker.engine_version(_with("engine_version", _known("5.18-preview")))
	not broker.engine_version(_with("engine_version", _known("5..18")))
	not broker.engine_version(_with("engine_version", _known("5.18.")))
	not broker.engine_version(_with("engine_version", _known("v5.18")))
	not broker.engine_version(_with("engine_version", _known(5)))
	not broker.engine_version(_with("engine_version", _known(true)))
	not broker.engine_version(_with("deployment_mode", _known("5.18")))
}

test_version_at_least_compares_numbers_not_text if {
	broker.version_at_least({"major": 5, "minor": 18}, 5, 18)
	broker.version_at_least({"major": 5, "minor": 19}, 5, 18)
	broker.version_at_least({"major": 4, "minor": 2}, 3, 13)
	not broker.version_at_least({"major": 5, "minor": 9}, 5, 18)
	not broker.version_at_least({"major": 3, "minor": 8}, 3, 13)
}

test_subnet_count_from_the_length_of_a_partly_unknown_list if {
	broker.subnet_count(_with("subnet_ids", {"known": false, "reason": "aws_subnet.a.id is known only after apply", "length": 2, "defaulted": false, "path": "subnet_ids"})) == 2
	broker.subnet_count(_with("subnet_ids", object.union(_known(["subnet-a"]), {"length": 1}))) == 1
	not broker.subnet_count(_with("subnet_ids", _unknown))
	not broker.subnet_count(_with("security_groups", object.union(_known(["sg-a"]), {"length": 1})))
}

test_engine_name_for_messages if {
	broker.engine_name(_with("engine", _known("activemq"))) == "ActiveMQ"
	broker.engine_name(_with("engine", _known("RABBITMQ"))) == "RabbitMQ"
	broker.engine_name(_with("engine", _unknown)) == "Amazon MQ"
	broker.engine_name(_with("deployment_mode", _known("SINGLE_INSTANCE"))) == "Amazon MQ"
}
