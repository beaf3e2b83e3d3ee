terraform {
  required_providers {
    local = {
      source  = "hashicorp/local"
      version = "2.9.0"
    }
  }
}

# local_file cannot update content in place: changing it replaces the file.
resource "local_file" "motd" {
  filename = "${path.module}/out/motd.txt"
  content  = "welcome back\n"
}
