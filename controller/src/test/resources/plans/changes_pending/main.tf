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
    tags  = { env = "prod" }
    ports = [80, 8443]
  }
}

resource "local_file" "added" {
  filename = "${path.module}/out/added.txt"
  content  = "new in git\n"
}
