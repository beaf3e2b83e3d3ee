package dev.plumbline.http;

import dev.plumbline.domain.Run;
import dev.plumbline.store.Database;
import dev.plumbline.store.LogLine;
import io.javalin.http.sse.SseClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/runs/{id}/log/stream}: a run's log as server-sent events, as it is written. Each stored line
 * is one {@code line} event (its id is the line's number, so a client that reconnects with {@code Last-Event-ID}
 * or {@code ?after=N} gets only what it lacks); once the run has ended and every line is sent, one {@code end}
 * event with the run's status. The store is the source: lines written by any daemon are streamed, and they are
 * stored redacted.
 */
final class LogStream {
    private static final Logger LOG = LoggerFactory.getLogger(LogStream.class);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final Database db;

    LogStream(Database db) {
        this.db = db;
    }

    /** The run and starting line are read (and refused as JSON errors) before the stream opens. */
    void stream(SseClient client, Run run, int after) {
        int sent = after;
        long quietSince = System.nanoTime();
        try {
            while (!client.terminated()) {
                List<LogLine> lines = db.logs().read(run.id(), sent);
                for (LogLine l : lines) {
                    sent++;
                    client.sendEvent("line", JsonOut.text(Views.log(sent, l)), String.valueOf(sent));
                }
                if (!lines.isEmpty()) {
                    quietSince = System.nanoTime();
                    continue;
                }
                Run now = db.runs().find(run.id()).orElse(run);
                if (now.status().isFinal() && db.logs().read(run.id(), sent).isEmpty()) {
                    client.sendEvent("end", JsonOut.text(Map.of("run_id", run.id(), "status", now.status().wire(),
                            "lines", sent)), String.valueOf(sent));
                    return;
                }
                if (System.nanoTime() - quietSince > KEEP_ALIVE.toNanos()) {
                    client.sendComment("still running");
                    quietSince = System.nanoTime();
                }
                Thread.sleep(POLL.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // the client went away mid-write, or the store failed: the stream ends; the client may reconnect
            LOG.debug("streaming the log of run {}: {}", run.id(), e.getMessage());
        }
    }
}
