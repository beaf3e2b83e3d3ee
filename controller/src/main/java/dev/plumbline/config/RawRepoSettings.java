package dev.plumbline.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code .plumbline.yaml} as written: every field nullable, only the YAML shape checked. */
record RawRepoSettings(Boolean autodiscover, List<String> exclude, List<Workspace> workspaces, Policy policy) {

    /** {@code policies}, or null when the repository has no policies of its own. */
    record Policy(String dir, List<String> namespaces, String enforcement) { }

    /** {@code at} is where the entry sits in the file ({@code workspaces[0]}), for error messages. */
    record Workspace(String at, String name, String dir, String tool, RawDrift drift, String apply, Boolean allowDestroy,
                     Map<String, String> variables, List<String> varFiles, Aws aws,
                     Map<String, String> backendConfig) { }

    /** A workspace's {@code aws}, or null when it names no role. */
    record Aws(String roleArn, String externalId, String region, String sessionDuration) { }

    static RawRepoSettings read(JsonNode root, Problems problems) {
        Fields f = Fields.of(root, "", problems);
        Boolean autodiscover = f.bool("autodiscover");
        List<String> exclude = f.strings("exclude");
        List<Workspace> workspaces = new ArrayList<>();
        for (Fields w : f.mappings("workspaces")) {
            String name = w.string("name");
            String dir = w.string("dir");
            String tool = w.string("tool");
            RawDrift drift = RawDrift.read(w.mapping("drift"), true);
            workspaces.add(new Workspace(w.path(), name, dir, tool, drift, w.string("apply"), w.bool("allow_destroy"),
                    w.scalars("variables"), w.strings("var_files"), aws(w.mappingOrNull("aws")),
                    w.scalars("backend_config")));
            w.rejectUnknown();
        }
        Fields p = f.mappingOrNull("policies");
        Policy policy = null;
        if (p != null) {
            String dir = p.string("dir");
            List<String> namespaces = p.strings("namespaces");
            policy = new Policy(dir, p.has("namespaces") ? namespaces : null, p.string("enforcement"));
            p.rejectUnknown();
        }
        f.rejectUnknown();
        return new RawRepoSettings(autodiscover, exclude, workspaces, policy);
    }

    private static Aws aws(Fields a) {
        if (a == null) {
            return null;
        }
        Aws aws = new Aws(a.string("role_arn"), a.string("external_id"), a.string("region"),
                a.string("session_duration"));
        a.rejectUnknown();
        return aws;
    }
}
