terraform {
  required_providers {
    local = {
      source  = "hashicorp/local"
      version = "2.9.0"
    }
  }
}

resource "local_file" "keep" {
  filename = "${path.module}/out/keep.txt"
  content  = "keep\n"
}
