package dev.plumbline.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Long-running provider processes that plans attach to (TF_REATTACH_PROVIDERS) instead of starting their own.
 * A plan of a small workspace starts each provider three times; for providers whose work is cheap that start-up
 * is most of the plan's CPU. Only providers that take no configuration and hold no credentials are served this
 * way (hashicorp/random, local, null, time), only from the filesystem mirror, only for plans (never for apply),
 * and only when the workspace's lock file selects exactly the version served. A provider that exits is started
 * again on next use. Set PLUMBLINE_REUSE_PROVIDERS=0 to turn this off.
 */
public final class ProviderServers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderServers.class);
    static final List<String> SHAREABLE = List.of("random", "local", "null", "time");
    private static final Pattern REATTACH = Pattern.compile("TF_REATTACH_PROVIDERS='(\\{.*})'");
    private static final Pattern LOCKED = Pattern.compile(
            "provider\\s+\"([^\"]+)/hashicorp/([a-z0-9-]+)\"\\s*\\{\\s*version\\s*=\\s*\"([^\"]+)\"");
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Key(String type, String version) { }

    private record Server(Process process, ObjectNode attach) { }

    private final Path mirror;
    private final String osArch;
    private final Map<Key, Server> servers = new LinkedHashMap<>();
    private volatile boolean closed;

    public ProviderServers(Path mirror) {
        this.mirror = mirror;
        String arch = System.getProperty("os.arch").equals("aarch64") ? "arm64" : "amd64";
        this.osArch = "linux_" + arch;
    }

    /** Null when turned off, or when there is no mirror to serve from. */
    public static ProviderServers forMirror(Path mirror, Map<String, String> env) {
        if ("0".equals(env.get("PLUMBLINE_REUSE_PROVIDERS")) || mirror == null || !Files.isDirectory(mirror)) {
            return null;
        }
        return new ProviderServers(mirror);
    }

    /**
     * The TF_REATTACH_PROVIDERS value for a work directory whose lock file selects shareable providers that the
     * mirror holds, or null when there are none.
     */
    public String reattachFor(Path workDir) {
        Path lock = workDir.resolve(".terraform.lock.hcl");
        if (closed || !Files.isRegularFile(lock)) {
            return null;
        }
        String text;
        try {
            text = Files.readString(lock);
        } catch (IOException e) {
            return null;
        }
        ObjectNode out = JSON.createObjectNode();
        Matcher m = LOCKED.matcher(text);
        while (m.find()) {
            String host = m.group(1);
            String type = m.group(2);
            String version = m.group(3);
            if (!SHAREABLE.contains(type)) {
                continue;
            }
            Server s = server(new Key(type, version));
            if (s != null) {
                out.set(host + "/hashicorp/" + type, s.attach());
            }
        }
        return out.isEmpty() ? null : out.toString();
    }

    private synchronized Server server(Key key) {
        Server s = servers.get(key);
        if (s != null && s.process().isAlive()) {
            return s;
        }
        Path binary = mirror.resolve("registry.opentofu.org").resolve("hashicorp").resolve(key.type())
                .resolve(key.version()).resolve(osArch).resolve("terraform-provider-" + key.type() + "_v" + key.version());
        if (!Files.isExecutable(binary)) {
            servers.remove(key);
            return null;
        }
        try {
            s = start(binary);
            servers.put(key, s);
            LOG.info("serving provider hashicorp/{} {} to plans (pid {})", key.type(), key.version(), s.process().pid());
            return s;
        } catch (IOException | RuntimeException e) {
            LOG.warn("starting provider hashicorp/{} {} for reuse: {}; plans start their own", key.type(),
                    key.version(), e.getMessage());
            servers.remove(key);
            return null;
        }
    }

    private static Server start(Path binary) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(binary.toString(), "-debug").redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.keySet().retainAll(List.of("PATH", "LANG", "TZ", "TMPDIR"));
        env.put("CHECKPOINT_DISABLE", "1");
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                for (String l = out.readLine(); l != null; l = out.readLine()) {
                    Matcher m = REATTACH.matcher(l);
                    if (m.find()) {
                        return m.group(1);
                    }
                }
                return null;
            } catch (IOException e) {
                return null;
            }
        });
        String reattach;
        try {
            reattach = line.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            reattach = null;
        }
        if (reattach == null) {
            p.destroyForcibly();
            throw new IOException(binary.getFileName() + " did not print its reattach address");
        }
        // Keep draining its output (debug logs) so the pipe never fills and blocks the provider.
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // discarded: the provider's own debug output
                }
            } catch (IOException ignored) {
                // the provider exited
            }
        }, "provider-output-" + p.pid());
        drain.setDaemon(true);
        drain.start();
        ObjectNode all = (ObjectNode) JSON.readTree(reattach);
        ObjectNode attach = (ObjectNode) all.elements().next();
        return new Server(p, attach);
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (Server s : servers.values()) {
            s.process().destroy();
        }
        for (Server s : servers.values()) {
            try {
                if (!s.process().waitFor(5, TimeUnit.SECONDS)) {
                    s.process().destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                s.process().destroyForcibly();
            }
        }
        servers.clear();
    }
}
