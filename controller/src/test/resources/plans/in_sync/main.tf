terraform {
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

# A seed makes the "random" number the same on every regeneration.
resource "random_integer" "port" {
  min  = 8000
  max  = 8999
  seed = "plumbline"
}

resource "local_file" "config" {
  filename = "${path.module}/out/config.txt"
  content  = "port=${random_integer.port.result}\n"
}

resource "terraform_data" "settings" {
  input = {
    tags  = { env = "dev" }
    ports = [80, 443]
  }
}

output "config_path" {
  value = local_file.config.filename
}
