terraform {
  required_providers {
    local = {
      source  = "hashicorp/local"
      version = "2.9.0"
    }
  }
}

variable "replicas" {
  type    = number
  default = 2
}

resource "local_file" "fine" {
  filename = "${path.module}/out/fine.txt"
  content  = "fine\n"
}

# Fails during plan. tofu still writes the plan file, marked errored, with what it planned before the failure.
resource "terraform_data" "guarded" {
  input = var.replicas

  lifecycle {
    precondition {
      condition     = var.replicas == 1
      error_message = "replicas must be 1 in this workspace"
    }
  }
}
