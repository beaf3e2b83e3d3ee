# State in S3 with DynamoDB locking, built into tofu (no AWS provider needed). The bucket, key, region and lock
# table come from the workspace's backend_config in .plumbline.yaml, so the same code serves every account.
terraform {
  required_version = ">= 1.6.0"
  backend "s3" {}
  required_providers {
    local = {
      source  = "hashicorp/local"
      version = "2.9.0"
    }
    random = {
      source  = "hashicorp/random"
      version = "3.9.0"
    }
  }
}

variable "output_dir" {
  type        = string
  description = "Directory the managed file is written to."
}

variable "db_password" {
  type        = string
  sensitive   = true
  description = "Read from SSM Parameter Store or Secrets Manager at run time (see .plumbline.yaml)."
}

resource "random_id" "release" {
  byte_length = 4
}

resource "local_sensitive_file" "db_config" {
  filename        = "${var.output_dir}/db.conf"
  content         = "release = ${random_id.release.hex}\npassword = ${var.db_password}\n"
  file_permission = "0600"
}

output "release" {
  value = random_id.release.hex
}
