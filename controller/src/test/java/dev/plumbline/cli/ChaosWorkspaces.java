package dev.plumbline.cli;

import dev.plumbline.testing.InfraRepo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.eclipse.jgit.api.errors.GitAPIException;

/**
 * The workspaces of {@link ChaosIT}: cheap ones, each a {@code terraform_data} holding the value its
 * {@code terraform.tfvars} gives, its state in tofu's {@code pg} backend (a schema per workspace) so that every
 * daemon plans from the same state, applied automatically. A push rewrites the values of a few of them; the last
 * value pushed to each is what its state must end with.
 */
final class ChaosWorkspaces {
    private static final String MAIN_TF = """
            terraform {
              backend "pg" {}
            }

            variable "value" {
              type = string
            }

            resource "terraform_data" "value" {
              input = var.value
            }

            output "value" {
              value = terraform_data.value.output
            }
            """;

    private final InfraRepo repo;
    private final int count;
    private final String stateConnection;
    private final Map<String, String> pushed = new TreeMap<>();
    private int changes;

    /** {@code stateConnection}: the libpq URL of the database that holds the workspaces' states. */
    ChaosWorkspaces(InfraRepo repo, int count, String stateConnection) {
        this.repo = repo;
        this.count = count;
        this.stateConnection = stateConnection;
    }

    static String schemaOf(String workspace) {
        return "chaos_" + workspace;
    }

    List<String> names() {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            names.add("w%02d".formatted(i));
        }
        return names;
    }

    /**
     * Adds every workspace, with its first value, in one commit; their drift checks fire at the minutes
     * {@code driftMinutes} (a cron minutes field) of every hour, each workspace at a second of its own.
     */
    String addAll(String driftMinutes) throws IOException, GitAPIException {
        StringBuilder settings = new StringBuilder("autodiscover: false\nworkspaces:\n");
        List<String> names = names();
        for (int i = 0; i < names.size(); i++) {
            String ws = names.get(i);
            repo.write("ws/" + ws + "/main.tf", MAIN_TF);
            write(ws, ws + "-v0");
            settings.append("""
                      - name: %s
                        dir: ws/%s
                        apply: auto
                        drift: {schedule: "%d %s * * * ?"}
                        backend_config: {conn_str: "%s", schema_name: %s}
                    """.formatted(ws, ws, (i * 2) % 60, driftMinutes, stateConnection, schemaOf(ws)));
        }
        repo.write(".plumbline.yaml", settings.toString());
        return repo.commit("Add " + names.size() + " workspaces");
    }

    /** One push that gives one to three workspaces, picked by {@code random}, a new value; returns their names. */
    List<String> push(Random random) throws IOException, GitAPIException {
        List<String> names = new ArrayList<>(names());
        Collections.shuffle(names, random);
        List<String> picked = names.subList(0, 1 + random.nextInt(3));
        for (String ws : picked) {
            write(ws, ws + "-v" + (++changes));
        }
        repo.commit("New values for " + picked);
        return List.copyOf(picked);
    }

    /** The last value pushed to each workspace. */
    Map<String, String> lastPushed() {
        return Map.copyOf(pushed);
    }

    /** How many workspace values the pushes changed, the first ones not counted. */
    int changes() {
        return changes;
    }

    private void write(String ws, String value) throws IOException {
        repo.write("ws/" + ws + "/terraform.tfvars", "value = \"" + value + "\"\n");
        pushed.put(ws, value);
    }
}
