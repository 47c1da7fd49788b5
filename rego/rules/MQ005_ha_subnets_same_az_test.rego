package iac_mq_lint.rules.MQ005_test

import data.iac_mq_lint.rules.MQ005

_address := "aws_mq_broker.orders"

_known(value, path) := {"known": true, "value": value, "defaulted": false, "path": path}

_zone(subnet, zone) := {"subnet": subnet, "zone": zone, "symbolic": false}

_list_entry(subnet, expression) := {"subnet": subnet, "zone": expression, "symbolic": true}

_broker(mode, zones) := {"resources": [{
	"address": _address,
	"kind": "amazonmq.broker",
	"format": "terraform",
	"attributes": {
		"engine": _known("ACTIVEMQ", "engine_type"),
		"deployment_mode": _known(mode, "deployment_mode"),
		"subnet_zones": _known(zones, "subnet_ids"),
	},
}]}

_finding(mode, count, zone) := {
	"rule_id": "MQ005",
	"resource": _address,
	"attribute": "subnet_zones",
	"message_id": "allSubnetsInOneZone",
	"params": {"mode": mode, "count": count, "zone": zone},
}

test_deny_active_standby_in_one_zone if {
	MQ005.deny == {_finding("ACTIVE_STANDBY_MULTI_AZ", 2, "us-east-1a")} with input as _broker(
		"ACTIVE_STANDBY_MULTI_AZ",
		[_zone("aws_subnet.a", "us-east-1a"), _zone("aws_subnet.b", "us-east-1a")],
	)
}

test_deny_cluster_in_one_zone if {
	MQ005.deny == {_finding("CLUSTER_MULTI_AZ", 3, "use1-az1")} with input as _broker(
		"CLUSTER_MULTI_AZ",
		[_zone("aws_subnet.a", "use1-az1"), _zone("aws_subnet.b", "use1-az1"), _zone("aws_subnet.c", "use1-az1")],
	)
}

test_deny_ignores_case_of_mode_and_zone if {
	MQ005.deny == {_finding("ACTIVE_STANDBY_MULTI_AZ", 2, "us-east-1a")} with input as _broker(
		"active_standby_multi_az",
		[_zone("aws_subnet.a", "us-east-1a"), _zone("aws_subnet.b", "US-EAST-1A")],
	)
}

test_deny_same_entry_of_a_zone_list if {
	expression := "data.aws_availability_zones.available.names[0]"
	MQ005.deny == {_finding("ACTIVE_STANDBY_MULTI_AZ", 2, expression)} with input as _broker(
		"ACTIVE_STANDBY_MULTI_AZ",
		[_list_entry("aws_subnet.a", expression), _list_entry("aws_subnet.b", expression)],
	)
}

test_allow_different_zones if {
	count(MQ005.deny) == 0 with input as _broker(
		"ACTIVE_STANDBY_MULTI_AZ",
		[_zone("aws_subnet.a", "us-east-1a"), _zone("aws_subnet.b", "us-east-1b")],
	)
}

test_allow_one_zone_differs_among_three if {
	count(MQ005.deny) == 0 with input as _broker(
		"CLUSTER_MULTI_AZ",
		[_zone("aws_subnet.a", "us-east-1a"), _zone("aws_subnet.b", "us-east-1a"), _zone("aws_subnet.c", "us-east-1c")],
	)
}

test_allow_different_entries_of_a_zone_list if {
	count(MQ005.deny) == 0 with input as _broker(
		"ACTIVE_STANDBY_MULTI_AZ",
		[
			_list_entry("aws_subnet.a", "data.aws_availability_zones.available.names[0]"),
			_list_entry("aws_subnet.b", "data.aws_availability_zones.available.names[1]"),
		],
	)
}

# A zone-list entry and a written zone may or may not be the same zone: never guessed.
test_silent_on_a_zone_list_entry_beside_a_written_zone if {
	count(MQ005.deny) == 0 with input as _broker(
		"ACTIVE_STANDBY_MULTI_AZ",
		[_zone("aws_subnet.a", "us-east-1a"), _list_entry("aws_subnet.b", "data.aws_availability_zones.available.names[0]")],
	)
}

# Zone-list expressions are references: a different case names a different data source.
test_silent_on_zone_list_entries_that_differ_in_case if {
	count(MQ005.deny) == 0 with input as _broker(
		"ACTIVE_STANDBY_MULTI_AZ",
		[
			_list_entry("aws_subnet.a", "data.aws_availability_zones.a.names[0]"),
			_list_entry("aws_subnet.b", "data.aws_availability_zones.A.names[0]"),
		],
	)
}

# One private subnet is enough for a RabbitMQ cluster: one subnet is no zone conflict.
test_allow_one_subnet if {
	count(MQ005.deny) == 0 with input as _broker("CLUSTER_MULTI_AZ", [_zone("aws_subnet.a", "us-east-1a")])
}

test_allow_single_instance if {
	count(MQ005.deny) == 0 with input as _broker(
		"SINGLE_INSTANCE",
		[_zone("aws_subnet.a", "us-east-1a"), _zone("aws_subnet.b", "us-east-1a")],
	)
}

test_allow_other_resource_kind if {
	count(MQ005.deny) == 0 with input as {"resources": [{
		"address": "aws_instance.web",
		"kind": "aws_instance",
		"format": "terraform",
		"attributes": {
			"deployment_mode": _known("ACTIVE_STANDBY_MULTI_AZ", "deployment_mode"),
			"subnet_zones": _known([_zone("a", "us-east-1a"), _zone("b", "us-east-1a")], "subnet_ids"),
		},
	}]}
}

test_silent_on_unknown_subnet_zones if {
	count(MQ005.deny) == 0 with input as {"resources": [{
		"address": _address,
		"kind": "amazonmq.broker",
		"format": "terraform",
		"attributes": {
			"deployment_mode": _known("ACTIVE_STANDBY_MULTI_AZ", "deployment_mode"),
			"subnet_zones": {"known": false, "reason": "aws_subnet.b.availability_zone is unknown", "defaulted": false, "path": "subnet_ids"},
		},
	}]}
}

test_silent_on_unknown_deployment_mode if {
	count(MQ005.deny) == 0 with input as {"resources": [{
		"address": _address,
		"kind": "amazonmq.broker",
		"format": "terraform",
		"attributes": {
			"deployment_mode": {"known": false, "reason": "var.mode has no value", "defaulted": false, "path": "deployment_mode"},
			"subnet_zones": _known([_zone("a", "us-east-1a"), _zone("b", "us-east-1a")], "subnet_ids"),
		},
	}]}
}

test_silent_when_subnet_zones_absent if {
	count(MQ005.deny) == 0 with input as {"resources": [{
		"address": _address,
		"kind": "amazonmq.broker",
		"format": "terraform",
		"attributes": {"deployment_mode": _known("ACTIVE_STANDBY_MULTI_AZ", "deployment_mode")},
	}]}
}

test_silent_when_deployment_mode_absent if {
	count(MQ005.deny) == 0 with input as {"resources": [{
		"address": _address,
		"kind": "amazonmq.broker",
		"format": "terraform",
		"attributes": {"subnet_zones": _known([_zone("a", "us-east-1a"), _zone("b", "us-east-1a")], "subnet_ids")},
	}]}
}
