# METADATA
# title: Amazon MQ rejects the broker's configuration
# custom:
#   id: MQ004
#   slug: invalid-broker-configuration
package iac_mq_lint.rules.MQ004

import data.iac_mq_lint.lib.broker

# Combinations the Amazon MQ API rejects at create time although both IaC schemas accept them
# (amazon-mq-facts.md K4-K6, §3.2-3.4). Each needs every value it reads to be known; a finding names the
# attribute to change, and no two findings of one broker name the same attribute.

# K4: CLUSTER_MULTI_AZ is RabbitMQ's mode, ACTIVE_STANDBY_MULTI_AZ ActiveMQ's.
deny contains finding if {
	some resource in broker.brokers
	broker.attribute_is(resource, "engine", "ACTIVEMQ")
	broker.attribute_is(resource, "deployment_mode", "CLUSTER_MULTI_AZ")
	finding := {
		"rule_id": "MQ004",
		"resource": resource.address,
		"attribute": "deployment_mode",
		"message_id": "clusterOnActiveMQ",
		"params": {"recommended": "ACTIVE_STANDBY_MULTI_AZ"},
	}
}

deny contains finding if {
	some resource in broker.brokers
	broker.attribute_is(resource, "engine", "RABBITMQ")
	broker.attribute_is(resource, "deployment_mode", "ACTIVE_STANDBY_MULTI_AZ")
	finding := {
		"rule_id": "MQ004",
		"resource": resource.address,
		"attribute": "deployment_mode",
		"message_id": "activeStandbyOnRabbitMQ",
		"params": {"recommended": "CLUSTER_MULTI_AZ"},
	}
}

# K5, §3.3: an active/standby pair takes exactly two subnets, one per Availability Zone. An empty list is left
# alone: what the provider and the API make of it is not documented.
deny contains finding if {
	some resource in broker.brokers
	broker.attribute_is(resource, "engine", "ACTIVEMQ")
	broker.attribute_is(resource, "deployment_mode", "ACTIVE_STANDBY_MULTI_AZ")
	subnets := broker.subnet_count(resource)
	subnets > 0
	subnets != 2
	finding := {
		"rule_id": "MQ004",
		"resource": resource.address,
		"attribute": "subnet_ids",
		"message_id": "activeStandbySubnetCount",
		"params": {"count": subnets},
	}
}

# K5, §2.4: a single instance takes one subnet; AWS's own CloudFormation example gives it two.
deny contains finding if {
	some resource in broker.brokers
	broker.attribute_is(resource, "deployment_mode", "SINGLE_INSTANCE")
	subnets := broker.subnet_count(resource)
	subnets > 1
	message_id := broker.message_id("singleInstanceSubnetCount", resource.attributes.deployment_mode)
	finding := {
		"rule_id": "MQ004",
		"resource": resource.address,
		"attribute": "subnet_ids",
		"message_id": message_id,
		"params": {"count": subnets, "engine": broker.engine_name(resource)},
	}
}

# K6, §3.2: EBS lives in one Availability Zone and cannot back an active/standby pair.
deny contains finding if {
	some resource in broker.brokers
	broker.attribute_is(resource, "engine", "ACTIVEMQ")
	broker.attribute_is(resource, "deployment_mode", "ACTIVE_STANDBY_MULTI_AZ")
	broker.attribute_is(resource, "storage_type", "EBS")
	finding := {
		"rule_id": "MQ004",
		"resource": resource.address,
		"attribute": "storage_type",
		"message_id": "activeStandbyEbs",
		"params": {"recommended": "EFS"},
	}
}

# §3.2: RabbitMQ brokers use EBS only.
deny contains finding if {
	some resource in broker.brokers
	broker.attribute_is(resource, "engine", "RABBITMQ")
	broker.attribute_is(resource, "storage_type", "EFS")
	finding := {
		"rule_id": "MQ004",
		"resource": resource.address,
		"attribute": "storage_type",
		"message_id": "efsOnRabbitMQ",
		"params": {"recommended": "EBS"},
	}
}

# K6, §3.2: EBS works only with the mq.m5 instance types (an mq.m7g type is reported below instead).
deny contains finding if {
	some resource in broker.brokers
	broker.attribute_is(resource, "engine", "ACTIVEMQ")
	broker.attribute_is(resource, "storage_type", "EBS")
	instance_type := _instance_type(resource)
	not startswith(instance_type, "mq.m5.")
	not startswith(instance_type, "mq.m7g.")
	finding := {
		"rule_id": "MQ004",
		"resource": resource.address,
		"attribute": "host_instance_type",
		"message_id": "ebsInstanceType",
		"params": {"instanceType": instance_type},
	}
}

# §3.4: mq.m7g is RabbitMQ-only; ActiveMQ runs on mq.m5 (and mq.t3.micro for evaluation).
deny contains finding if {
	some resource in broker.brokers
	broker.attribute_is(resource, "engine", "ACTIVEMQ")
	instance_type := _instance_type(resource)
	startswith(instance_type, "mq.m7g.")
	finding := {
		"rule_id": "MQ004",
		"resource": resource.address,
		"attribute": "host_instance_type",
		"message_id": "gravitonOnActiveMQ",
		"params": {"instanceType": instance_type},
	}
}

# §3.4, §8: RabbitMQ 4 runs only on mq.m7g instance types (nothing is known yet of a later major version).
deny contains finding if {
	some resource in broker.brokers
	broker.attribute_is(resource, "engine", "RABBITMQ")
	version := broker.engine_version(resource)
	version.major == 4
	instance_type := _instance_type(resource)
	not startswith(instance_type, "mq.m7g.")
	finding := {
		"rule_id": "MQ004",
		"resource": resource.address,
		"attribute": "host_instance_type",
		"message_id": "rabbitmq4InstanceType",
		"params": {"instanceType": instance_type, "version": version.text},
	}
}

# Lower case, as AWS writes instance types; undefined when unknown.
_instance_type(resource) := lower(trim_space(attribute.value)) if {
	attribute := resource.attributes.host_instance_type
	attribute.known == true
	is_string(attribute.value)
}
