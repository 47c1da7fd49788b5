# METADATA
# title: Client connects to one instance of an Amazon MQ broker
# custom:
#   id: MQ006
#   slug: single-endpoint-client
package iac_mq_lint.rules.MQ006

# METADATA
# description: The client endpoints found in application configuration.
_endpoints contains resource if {
	some resource in input.resources
	resource.kind == "amazonmq.client_endpoint"
}

_known_true(resource, name) if {
	resource.attributes[name].known == true
	resource.attributes[name].value == true
}

_known_false(resource, name) if {
	resource.attributes[name].known == true
	resource.attributes[name].value == false
}

deny contains finding if {
	some resource in _endpoints
	_known_false(resource, "in_failover")
	finding := _finding(resource, "singleEndpoint")
}

deny contains finding if {
	some resource in _endpoints
	_known_true(resource, "in_failover")
	_known_false(resource, "failover_has_peer")
	finding := _finding(resource, "failoverWithoutPeer")
}

_finding(resource, message_id) := {
	"rule_id": "MQ006",
	"resource": resource.address,
	"attribute": "endpoint_url",
	"message_id": message_id,
	"params": {
		"endpoint": url,
		"peer": _peer_url(url),
		"broker": _broker_id(url),
	},
} if {
	url := resource.attributes.endpoint_url.value
}

# The host of the other instance: `-1` ↔ `-2`, everything else unchanged.
_peer_url(url) := replace(url, "-1.mq.", "-2.mq.") if contains(lower(url), "-1.mq.")

_peer_url(url) := replace(url, "-2.mq.", "-1.mq.") if contains(lower(url), "-2.mq.")

_broker_id(url) := id if {
	parts := regex.find_all_string_submatch_n(`(b-[0-9a-fA-F-]{36})-[12]\.mq\.`, url, 1)
	id := lower(parts[0][1])
}
