terraform {
  required_providers {
    local = {
      source  = "hashicorp/local"
      version = "2.9.0"
    }
  }
}

resource "terraform_data" "settings" {
  input = {
    tags  = { env = "dev" }
    ports = [80, 443]
  }
}
