# METADATA
# title: HA broker has all its subnets in one Availability Zone
# custom:
#   id: MQ005
#   slug: ha-subnets-same-az
package iac_mq_lint.rules.MQ005

import data.iac_mq_lint.lib.broker

_multi_az_modes := {"ACTIVE_STANDBY_MULTI_AZ", "CLUSTER_MULTI_AZ"}

deny contains finding if {
	some resource in broker.brokers
	some mode in _multi_az_modes
	broker.attribute_is(resource, "deployment_mode", mode)
	zones := resource.attributes.subnet_zones
	zones.known == true
	count(zones.value) > 1
	first := zones.value[0]
	every entry in zones.value {
		_same_zone(entry, first)
	}
	finding := {
		"rule_id": "MQ005",
		"resource": resource.address,
		"attribute": "subnet_zones",
		"message_id": "allSubnetsInOneZone",
		"params": {
			"mode": mode,
			"count": count(zones.value),
			"zone": first.zone,
		},
	}
}

# Zone names and IDs as written: AWS ignores their case.
_same_zone(entry, other) if {
	entry.symbolic == false
	other.symbolic == false
	lower(entry.zone) == lower(other.zone)
}

# The same entry of the same zone list: the expressions are case-sensitive references.
_same_zone(entry, other) if {
	entry.symbolic == true
	other.symbolic == true
	entry.zone == other.zone
}
