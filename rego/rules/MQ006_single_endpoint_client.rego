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
		"endpoint": resource.attributes.endpoint_url.value,
		"peer": resource.attributes.peer_endpoint_url.value,
		"broker": resource.attributes.broker.value,
	},
} if {
	resource.attributes.endpoint_url.known == true
	resource.attributes.peer_endpoint_url.known == true
	resource.attributes.broker.known == true
}
