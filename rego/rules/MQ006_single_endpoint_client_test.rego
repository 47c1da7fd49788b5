package iac_mq_lint.rules.MQ006_test

import data.iac_mq_lint.rules.MQ006

_url_1 := "ssl://b-1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d-1.mq.eu-west-1.amazonaws.com:61617"

_url_2 := "ssl://b-1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d-2.mq.eu-west-1.amazonaws.com:61617"

_peer(url) := _url_2 if url == _url_1

_peer(url) := _url_1 if url == _url_2

_known(value, path) := {"known": true, "value": value, "defaulted": false, "path": path}

_endpoint(url, in_failover, has_peer) := {"resources": [{
	"address": "b-1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d-1",
	"kind": "amazonmq.client_endpoint",
	"format": "application-config",
	"attributes": {
		"endpoint_url": _known(url, "url"),
		"peer_endpoint_url": _known(_peer(url), "url"),
		"broker": _known("b-1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", "url"),
		"in_failover": _known(in_failover, "failover"),
		"failover_has_peer": _known(has_peer, "failover"),
	},
}]}

test_deny_single_endpoint if {
	MQ006.deny == {{
		"rule_id": "MQ006",
		"resource": "b-1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d-1",
		"attribute": "endpoint_url",
		"message_id": "singleEndpoint",
		"params": {"endpoint": _url_1, "peer": _url_2, "broker": "b-1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"},
	}} with input as _endpoint(_url_1, false, false)
}

test_deny_failover_without_peer_names_the_other_instance if {
	some finding in MQ006.deny with input as _endpoint(_url_2, true, false)
	finding.message_id == "failoverWithoutPeer"
	finding.params.peer == _url_1
}

test_allow_failover_with_both_instances if {
	count(MQ006.deny) == 0 with input as _endpoint(_url_1, true, true)
}

test_silent_when_unknown if {
	count(MQ006.deny) == 0 with input as {"resources": [{
		"address": "x",
		"kind": "amazonmq.client_endpoint",
		"format": "application-config",
		"attributes": {
			"endpoint_url": _known(_url_1, "url"),
			"in_failover": {"known": false, "reason": "not read", "defaulted": false, "path": "failover"},
			"failover_has_peer": _known(false, "failover"),
		},
	}]}
}

test_ignores_brokers if {
	count(MQ006.deny) == 0 with input as {"resources": [{
		"address": "aws_mq_broker.x",
		"kind": "amazonmq.broker",
		"format": "terraform",
		"attributes": {"in_failover": _known(false, "failover")},
	}]}
}
