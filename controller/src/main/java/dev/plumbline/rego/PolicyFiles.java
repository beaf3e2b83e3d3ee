package dev.plumbline.rego;

import dev.plumbline.domain.Enforcement;
import java.nio.file.Path;
import java.util.List;

/**
 * A policy set ready to be evaluated: its name, enforcement, the namespaces whose rules count ({@code main}, or
 * {@code plumbline.protected} for a built-in), and the files and directories OPA loads ({@code .rego} policies and
 * {@code .json} data).
 */
public record PolicyFiles(String set, Enforcement enforcement, List<String> namespaces, List<Path> data) {
    public PolicyFiles {
        namespaces = List.copyOf(namespaces);
        data = List.copyOf(data);
        if (namespaces.isEmpty()) {
            throw new IllegalArgumentException("policy set " + set + ": names no namespace");
        }
    }
}
