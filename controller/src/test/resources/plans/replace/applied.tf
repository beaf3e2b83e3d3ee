terraform {
  required_providers {
    local = {
      source  = "hashicorp/local"
      version = "2.9.0"
    }
  }
}

resource "local_file" "motd" {
  filename = "${path.module}/out/motd.txt"
  content  = "welcome\n"
}
