/**
 * An ActiveMQ broker that every rule but the deployment-mode ones accepts (current version, minor upgrades on,
 * owner tag, audit logs), so that a test sees only the findings it is about. `above` is written before the
 * header and `trailing` after the `deployment_mode` value (for suppression comments).
 */
export function terraformBroker(name: string, mode = '"SINGLE_INSTANCE"', above = '', trailing = ''): string {
  return `${above}resource "aws_mq_broker" "${name}" {
  broker_name                = "${name}"
  engine_type                = "ActiveMQ"
  engine_version             = "5.18"
  host_instance_type         = "mq.m5.large"
  deployment_mode            = ${mode}${trailing}
  auto_minor_version_upgrade = true
  subnet_ids                 = ["subnet-0a1b2c3d4e5f60718"]
  tags                       = { Owner = "orders" }

  logs {
    audit = true
  }

  user {
    username = "admin"
    password = "fixture-not-a-secret"
  }
}
`;
}
