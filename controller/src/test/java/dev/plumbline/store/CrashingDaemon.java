package dev.plumbline.store;

/**
 * Run in a child JVM by {@link RunsTest}: records a run as RUNNING, then dies the way a killed daemon does, with
 * no shutdown hooks and no clean close of the database. Its arguments are {@link StoreFixture#arguments}.
 */
public final class CrashingDaemon {
    private CrashingDaemon() {
    }

    public static void main(String[] args) {
        Database db = StoreFixture.fromArguments(args, System.getenv()).open();
        long runId = StoreFixture.running(db, StoreFixture.PROD);
        System.out.println(runId);
        System.out.flush();
        Runtime.getRuntime().halt(3);
    }
}
