package iac_mq_lint.rules.MQ004_test

import data.iac_mq_lint.rules.MQ004

_address := "aws_mq_broker.orders"

_known(value) := {"known": true, "value": value, "defaulted": false, "path": "p"}

_unknown := {"known": false, "reason": "var.x has no value", "defaulted": false, "path": "p"}

# A subnet list as the engine gives it: known, with its length.
_subnets(ids) := object.union(_known(ids), {"length": count(ids)})

# Subnets created in the same run: the list's length is known, its elements are not.
_subnets_created_in_the_run(n) := {"known": false, "reason": "aws_subnet.a.id is known only after apply", "length": n, "defaulted": false, "path": "subnet_ids"}

_input(attributes) := {"resources": [{
	"address": _address,
	"kind": "amazonmq.broker",
	"format": "terraform",
	"attributes": attributes,
}]}

_finding(attribute, message_id, params) := {
	"rule_id": "MQ004",
	"resource": _address,
	"attribute": attribute,
	"message_id": message_id,
	"params": params,
}

_activemq(mode, more) := _input(object.union({"engine": _known("ACTIVEMQ"), "deployment_mode": _known(mode)}, more))

_rabbitmq(mode, more) := _input(object.union({"engine": _known("RABBITMQ"), "deployment_mode": _known(mode)}, more))

test_deny_cluster_on_activemq if {
	MQ004.deny == {_finding("deployment_mode", "clusterOnActiveMQ", {"recommended": "ACTIVE_STANDBY_MULTI_AZ"})} with input as _activemq("cluster_multi_az", {})
}

test_deny_active_standby_on_rabbitmq if {
	MQ004.deny == {_finding("deployment_mode", "activeStandbyOnRabbitMQ", {"recommended": "CLUSTER_MULTI_AZ"})} with input as _rabbitmq("ACTIVE_STANDBY_MULTI_AZ", {})
}

test_deny_active_standby_without_two_subnets if {
	MQ004.deny == {_finding("subnet_ids", "activeStandbySubnetCount", {"count": 1})} with input as _activemq("ACTIVE_STANDBY_MULTI_AZ", {"subnet_ids": _subnets(["subnet-a"])})
	MQ004.deny == {_finding("subnet_ids", "activeStandbySubnetCount", {"count": 3})} with input as _activemq("ACTIVE_STANDBY_MULTI_AZ", {"subnet_ids": _subnets_created_in_the_run(3)})
}

test_deny_single_instance_with_two_subnets if {
	MQ004.deny == {_finding("subnet_ids", "singleInstanceSubnetCount", {"count": 2, "engine": "RabbitMQ"})} with input as _rabbitmq("SINGLE_INSTANCE", {"subnet_ids": _subnets_created_in_the_run(2)})
	MQ004.deny == {_finding("subnet_ids", "singleInstanceSubnetCount", {"count": 2, "engine": "Amazon MQ"})} with input as _input({
		"engine": _unknown,
		"deployment_mode": _known("SINGLE_INSTANCE"),
		"subnet_ids": _subnets(["subnet-a", "subnet-b"]),
	})
}

test_deny_defaulted_single_instance_with_two_subnets if {
	MQ004.deny == {_finding("subnet_ids", "singleInstanceSubnetCountDefaulted", {"count": 2, "engine": "ActiveMQ"})} with input as _input({
		"engine": _known("ACTIVEMQ"),
		"deployment_mode": {"known": true, "value": "SINGLE_INSTANCE", "defaulted": true, "path": "deployment_mode"},
		"subnet_ids": _subnets(["subnet-a", "subnet-b"]),
	})
}

test_deny_active_standby_on_ebs if {
	MQ004.deny == {_finding("storage_type", "activeStandbyEbs", {"recommended": "EFS"})} with input as _activemq("ACTIVE_STANDBY_MULTI_AZ", {
		"storage_type": _known("ebs"),
		"host_instance_type": _known("mq.m5.large"),
	})
}

test_deny_efs_on_rabbitmq if {
	MQ004.deny == {_finding("storage_type", "efsOnRabbitMQ", {"recommended": "EBS"})} with input as _rabbitmq("CLUSTER_MULTI_AZ", {"storage_type": _known("EFS")})
}

test_deny_ebs_off_the_m5_family if {
	MQ004.deny == {_finding("host_instance_type", "ebsInstanceType", {"instanceType": "mq.t3.micro"})} with input as _activemq("SINGLE_INSTANCE", {
		"storage_type": _known("EBS"),
		"host_instance_type": _known("MQ.T3.MICRO"),
	})
}

test_deny_graviton_on_activemq if {
	# EBS on mq.m7g is reported once, as the wrong instance type for ActiveMQ.
	MQ004.deny == {_finding("host_instance_type", "gravitonOnActiveMQ", {"instanceType": "mq.m7g.large"})} with input as _activemq("SINGLE_INSTANCE", {
		"storage_type": _known("EBS"),
		"host_instance_type": _known("mq.m7g.large"),
	})
}

test_deny_rabbitmq_4_off_m7g if {
	MQ004.deny == {_finding("host_instance_type", "rabbitmq4InstanceType", {"instanceType": "mq.m5.large", "version": "4.2"})} with input as _rabbitmq("CLUSTER_MULTI_AZ", {
		"engine_version": _known("4.2"),
		"host_instance_type": _known("mq.m5.large"),
	})
}

test_deny_every_case_of_one_broker_once if {
	# Active/standby on EBS, one subnet, on a t3: three attributes to change, one finding each.
	MQ004.deny == {
		_finding("subnet_ids", "activeStandbySubnetCount", {"count": 1}),
		_finding("storage_type", "activeStandbyEbs", {"recommended": "EFS"}),
		_finding("host_instance_type", "ebsInstanceType", {"instanceType": "mq.t3.micro"}),
	} with input as _activemq("ACTIVE_STANDBY_MULTI_AZ", {
		"subnet_ids": _subnets(["subnet-a"]),
		"storage_type": _known("EBS"),
		"host_instance_type": _known("mq.t3.micro"),
	})
}

test_allow_valid_brokers if {
	count(MQ004.deny) == 0 with input as _activemq("ACTIVE_STANDBY_MULTI_AZ", {
		"subnet_ids": _subnets(["subnet-a", "subnet-b"]),
		"storage_type": _known("EFS"),
		"host_instance_type": _known("mq.m5.large"),
	})
	count(MQ004.deny) == 0 with input as _activemq("SINGLE_INSTANCE", {
		"subnet_ids": _subnets(["subnet-a"]),
		"storage_type": _known("EBS"),
		"host_instance_type": _known("mq.m5.xlarge"),
	})
	count(MQ004.deny) == 0 with input as _rabbitmq("CLUSTER_MULTI_AZ", {
		"engine_version": _known("4.2"),
		"subnet_ids": _subnets(["subnet-a", "subnet-b", "subnet-c"]),
		"storage_type": _known("EBS"),
		"host_instance_type": _known("mq.m7g.large"),
	})
	count(MQ004.deny) == 0 with input as _rabbitmq("SINGLE_INSTANCE", {
		"engine_version": _known("3.13"),
		"host_instance_type": _known("mq.m5.large"),
	})
}

test_allow_an_empty_subnet_list if {
	count(MQ004.deny) == 0 with input as _activemq("ACTIVE_STANDBY_MULTI_AZ", {"subnet_ids": _subnets([])})
}

test_silent_on_unknown_values if {
	# The subnet list itself is unknown: no length.
	count(MQ004.deny) == 0 with input as _activemq("ACTIVE_STANDBY_MULTI_AZ", {"subnet_ids": _unknown})
	count(MQ004.deny) == 0 with input as _activemq("SINGLE_INSTANCE", {"subnet_ids": _unknown})
	count(MQ004.deny) == 0 with input as _input({
		"engine": _known("ACTIVEMQ"),
		"deployment_mode": _unknown,
		"subnet_ids": _subnets(["subnet-a", "subnet-b", "subnet-c"]),
		"storage_type": _known("EBS"),
	})
	count(MQ004.deny) == 0 with input as _input({
		"engine": _unknown,
		"deployment_mode": _known("CLUSTER_MULTI_AZ"),
		"storage_type": _known("EFS"),
		"host_instance_type": _known("mq.m7g.large"),
		"engine_version": _known("4.2"),
	})
	count(MQ004.deny) == 0 with input as _activemq("SINGLE_INSTANCE", {"storage_type": _known("EBS"), "host_instance_type": _unknown})
	count(MQ004.deny) == 0 with input as _rabbitmq("CLUSTER_MULTI_AZ", {"engine_version": _unknown, "host_instance_type": _known("mq.m5.large")})
}

test_silent_when_attributes_absent if {
	count(MQ004.deny) == 0 with input as _activemq("ACTIVE_STANDBY_MULTI_AZ", {})
	count(MQ004.deny) == 0 with input as _rabbitmq("CLUSTER_MULTI_AZ", {"host_instance_type": _known("mq.m5.large")})
}
