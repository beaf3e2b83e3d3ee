terraform {
  required_providers {
    local = {
      source  = "hashicorp/local"
      version = "2.9.0"
    }
  }
}

resource "local_file" "managed" {
  filename = "${path.module}/out/managed.txt"
  content  = "written by git\n"
}

resource "local_file" "untouched" {
  filename = "${path.module}/out/untouched.txt"
  content  = "left alone\n"
}
