# A text file managed on the ops VM: the smallest thing whose drift is easy to see (edit or delete the file).
variable "path" {
  type        = string
  description = "Absolute path of the file."
}

variable "content" {
  type        = string
  description = "What the file must contain."
}

resource "local_file" "this" {
  filename        = var.path
  content         = var.content
  file_permission = "0644"
}

output "path" {
  value = local_file.this.filename
}
