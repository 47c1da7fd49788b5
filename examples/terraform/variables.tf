variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "environment" {
  type    = string
  default = "prod"
}

variable "orders_deployment_mode" {
  type    = string
  default = "SINGLE_INSTANCE"
}

variable "private_subnet_ids" {
  type = list(string)
}

variable "broker_security_group_id" {
  type = string
}

variable "orders_admin_password" {
  type      = string
  sensitive = true
}

variable "payments_admin_password" {
  type      = string
  sensitive = true
}

variable "audit_admin_password" {
  type      = string
  sensitive = true
}
