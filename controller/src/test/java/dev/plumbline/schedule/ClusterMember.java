package dev.plumbline.schedule;

import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.store.Database;
import java.nio.file.Path;
import java.util.List;

/**
 * Run in a child JVM by {@link ClusteredSchedulesIT}: one daemon's scheduler on a shared store, as cluster member
 * {@code args[1]}, until {@code args[2]} (epoch milliseconds); prints {@code fire <epoch ms>} for every drift check
 * it is handed. {@code args[0]} is the H2 file, or {@code postgres} followed by URL, user and the password in
 * {@code PLUMBLINE_TEST_STORE_PASSWORD}; the plan key is {@code args[3]}.
 */
public final class ClusterMember {
    private ClusterMember() {
    }

    public static void main(String[] args) throws Exception {
        Path key = Path.of(args[3]);
        Database db = args[0].equals("postgres")
                ? Database.openUrl(args[4], args[5], System.getenv("PLUMBLINE_TEST_STORE_PASSWORD"), 4, key)
                : Database.open(Path.of(args[0]), key);
        Dispatcher print = new Dispatcher() {
            @Override
            public void driftCheck(WorkspaceId workspace, boolean catchUp) {
                synchronized (System.out) {
                    System.out.println("fire " + System.currentTimeMillis());
                    System.out.flush();
                }
            }

            @Override
            public void poll(String repo) {
            }
        };
        long until = Long.parseLong(args[2]);
        try (Schedules schedules = Schedules.start(db.dataSource(), print, "plumbline", args[1], List.of(
                ScheduleSpec.driftCheck(new WorkspaceId("infra", "prod"), Cadence.every(ClusteredSchedulesIT.EVERY))))) {
            Thread.sleep(Math.max(0, until - System.currentTimeMillis()));
        }
        db.close();
    }
}
