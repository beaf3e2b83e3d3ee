terraform {
  required_providers {
    local = {
      source  = "hashicorp/local"
      version = "2.9.0"
    }
  }
}

resource "local_file" "greeting" {
  filename = "${path.module}/out/greeting.txt"
  content  = "hello\n"
}

output "greeting" {
  value = "hello, world"
}
