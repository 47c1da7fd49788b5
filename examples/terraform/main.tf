terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }
}

provider "aws" {
  region = var.region

  default_tags {
    tags = { Owner = "shop-platform" }
  }
}

# Orders: RabbitMQ, but the deployment mode comes from a variable whose default is a single node.
resource "aws_mq_broker" "orders" {
  broker_name                = "orders-${var.environment}"
  engine_type                = "RabbitMQ"
  engine_version             = "3.13"
  host_instance_type         = "mq.m5.large"
  deployment_mode            = var.orders_deployment_mode
  auto_minor_version_upgrade = true
  subnet_ids                 = [var.private_subnet_ids[0]]
  security_groups            = [var.broker_security_group_id]

  user {
    username = "orders_admin"
    password = var.orders_admin_password
  }

  tags = {
    Environment = var.environment
  }
}

# Payments: ActiveMQ that never sets deployment_mode, so Terraform makes it SINGLE_INSTANCE.
resource "aws_mq_broker" "payments" {
  broker_name                = "payments-${var.environment}"
  engine_type                = "ActiveMQ"
  engine_version             = "5.18"
  host_instance_type         = "mq.m5.large"
  auto_minor_version_upgrade = true
  subnet_ids                 = [var.private_subnet_ids[0]]
  security_groups            = [var.broker_security_group_id]

  logs {
    audit = true
  }

  user {
    username = "payments_admin"
    password = var.payments_admin_password
  }
}

# Audit: highly available, nothing to report.
resource "aws_mq_broker" "audit" {
  broker_name                = "audit-${var.environment}"
  engine_type                = "ActiveMQ"
  engine_version             = "5.18"
  host_instance_type         = "mq.m5.large"
  deployment_mode            = "ACTIVE_STANDBY_MULTI_AZ"
  auto_minor_version_upgrade = true
  subnet_ids                 = slice(var.private_subnet_ids, 0, 2)
  security_groups            = [var.broker_security_group_id]

  logs {
    audit = true
  }

  user {
    username = "audit_admin"
    password = var.audit_admin_password
  }
}
