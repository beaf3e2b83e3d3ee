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

resource "local_file" "obsolete" {
  filename = "${path.module}/out/obsolete.txt"
  content  = "obsolete\n"
}
