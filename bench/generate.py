#!/usr/bin/env python3
"""Generates an infrastructure repository of N workspaces for the benchmark.

Each workspace has 10 to 30 resources of the random, local and built-in terraform_data kinds; about a third of
them also use one of the shared local modules (modules/labels, modules/config-file). The generation is seeded,
so the same N always gives the same repository.

usage: generate.py DIR N OUTPUT_DIR [--settings]
"""
import os
import random
import sys

PROVIDERS = """terraform {
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
  type = string
}
"""

MODULES = {
    "labels": PROVIDERS.replace('variable "output_dir" {\n  type = string\n}\n', "") + """
variable "prefix" {
  type = string
}

resource "random_pet" "label" {
  prefix = var.prefix
  length = 2
}

resource "terraform_data" "label" {
  input = random_pet.label.id
}

output "label" {
  value = random_pet.label.id
}
""",
    "config-file": PROVIDERS.replace('variable "output_dir" {\n  type = string\n}\n', "") + """
variable "path" {
  type = string
}

variable "settings" {
  type = map(string)
}

resource "local_file" "config" {
  filename        = var.path
  content         = join("\\n", [for k, v in var.settings : "${k} = ${v}"])
  file_permission = "0644"
}
""",
}


def workspace(i, rng):
    name = f"ws-{i:04d}"
    parts = [PROVIDERS]
    target = rng.randint(10, 30)
    count = 0
    uses_module = i % 3 == 0
    if uses_module:
        parts.append(f"""
module "labels" {{
  source = "../../modules/labels"
  prefix = "{name}"
}}

module "config" {{
  source   = "../../modules/config-file"
  path     = "${{var.output_dir}}/{name}/module.conf"
  settings = {{ owner = "team-{i % 7}", label = module.labels.label }}
}}
""")
        count += 3
    k = 0
    while count < target:
        kind = k % 4
        if kind == 0:
            parts.append(f'resource "random_id" "id_{k}" {{\n  byte_length = 8\n}}\n')
        elif kind == 1:
            parts.append(f'resource "random_pet" "pet_{k}" {{\n  length = 2\n}}\n')
        elif kind == 2:
            parts.append(
                f'resource "local_file" "file_{k}" {{\n'
                f'  filename        = "${{var.output_dir}}/{name}/file_{k}.txt"\n'
                f'  content         = "{name} file {k}\\n"\n'
                f'  file_permission = "0644"\n}}\n')
        else:
            parts.append(f'resource "terraform_data" "data_{k}" {{\n  input = "{name}-{k}"\n}}\n')
        count += 1
        k += 1
    parts.append(f'output "resources" {{\n  value = {count}\n}}\n')
    return name, "\n".join(parts), count


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 3:
        sys.exit(__doc__)
    root, n, output_dir = args[0], int(args[1]), args[2]
    rng = random.Random(20261126 + n)
    for mod, body in MODULES.items():
        os.makedirs(os.path.join(root, "modules", mod), exist_ok=True)
        with open(os.path.join(root, "modules", mod, "main.tf"), "w") as f:
            f.write(body)
    total = 0
    names = []
    for i in range(n):
        name, body, count = workspace(i, rng)
        d = os.path.join(root, "workspaces", name)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "main.tf"), "w") as f:
            f.write(body)
        names.append(name)
        total += count
    if "--settings" in sys.argv:
        with open(os.path.join(root, ".plumbline.yaml"), "w") as f:
            f.write("workspaces:\n")
            for name in names:
                f.write(f"  - name: {name}\n    dir: workspaces/{name}\n    apply: auto\n"
                        f"    drift: {{schedule: \"0 3 * * *\", on_drift: report}}\n"
                        f"    variables: {{output_dir: \"{output_dir}\"}}\n")
    print(f"{n} workspaces, {total} resources")


if __name__ == "__main__":
    main()
