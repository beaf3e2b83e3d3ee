# Settings files for two teams, through the shared text-file module; a change to modules/text-file affects
# this workspace.
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

variable "teams" {
  type    = list(string)
  default = ["payments", "search"]
}

resource "random_id" "deploy_key" {
  for_each    = toset(var.teams)
  byte_length = 8
}

module "settings" {
  source   = "../../modules/text-file"
  for_each = toset(var.teams)
  path     = "${var.output_dir}/${each.key}.conf"
  content  = "team = \"${each.key}\"\ndeploy_key_id = \"${random_id.deploy_key[each.key].hex}\"\n"
}

resource "terraform_data" "revision" {
  input = { teams = var.teams }
}

output "settings_files" {
  value = [for m in module.settings : m.path]
}
