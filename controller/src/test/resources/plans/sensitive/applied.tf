terraform {
  required_providers {
    local = {
      source  = "hashicorp/local"
      version = "2.9.0"
    }
  }
}

# The canary must never appear in anything Plumbline stores or prints.
variable "db_password" {
  type      = string
  sensitive = true
  default   = "canary-s3cr3t-7f3a"
}

resource "local_sensitive_file" "credentials" {
  filename = "${path.module}/out/credentials.txt"
  content  = "password=${var.db_password}\n"
}

resource "terraform_data" "connection" {
  input = {
    user     = "app"
    password = var.db_password
  }
}

output "db_password" {
  value     = var.db_password
  sensitive = true
}
