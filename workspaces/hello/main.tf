# A greeting file with a generated name: one random_pet, one local_file. Edit the file by hand and Plumbline
# reports the drift (and, with on_drift: remediate, writes it back).
terraform {
  required_version = ">= 1.5.0"
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
  description = "Directory the managed files are written to."
}

resource "random_pet" "name" {
  length = 2
}

resource "local_file" "greeting" {
  filename        = "${var.output_dir}/hello.txt"
  content         = "Hello from ${random_pet.name.id}. This file is managed by Plumbline.\n"
  file_permission = "0644"
}

output "greeting_file" {
  value = local_file.greeting.filename
}

output "pet" {
  value = random_pet.name.id
}
