package dev.plumbline.testing;

import dev.plumbline.store.Database;
import dev.plumbline.util.Echo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Another process holding a data dir's H2 file open, as a running daemon does: a child JVM that opens the store
 * the way every command opens it, says so on stdout and keeps it open until it is closed (its stdin ends).
 */
public final class StoreHolder implements AutoCloseable {
    private final Process process;

    private StoreHolder(Process process) {
        this.process = process;
    }

    /** Starts the child and returns once it has the store at {@code dataDir} open. */
    public static StoreHolder holding(Path dataDir) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), StoreHolder.class.getName(),
                dataDir.toString()));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String said = new String(p.getInputStream().readNBytes("open\n".length()), StandardCharsets.UTF_8);
        if (!said.equals("open\n")) {
            p.destroyForcibly();
            throw new IllegalStateException("the process holding " + dataDir + " did not open the store: "
                    + Echo.quote(said));
        }
        return new StoreHolder(p);
    }

    @Override
    public void close() throws IOException {
        process.getOutputStream().close();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    public static void main(String[] args) throws IOException {
        Path data = Path.of(args[0]);
        try (Database db = Database.open(data.resolve("plumbline"), data.resolve("plan.key"))) {
            db.runs().list(Optional.empty(), 1);
            System.out.print("open\n");
            System.out.flush();
            System.in.readAllBytes();
        }
    }
}
