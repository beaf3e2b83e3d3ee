package dev.plumbline.cli;

import java.util.Arrays;

/**
 * Run in a child JVM by {@link ConcurrentCommandsIT}: waits until the wall-clock instant given first (epoch
 * milliseconds), then runs the plumbline command line with the remaining arguments and exits with its code, so
 * that several processes open the store at the same moment, as cron jobs do.
 */
public final class AtTheSameMoment {
    private AtTheSameMoment() {
    }

    public static void main(String[] args) throws InterruptedException {
        long startAt = Long.parseLong(args[0]);
        long wait = startAt - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
        System.exit(Main.commandLine().execute(Arrays.copyOfRange(args, 1, args.length)));
    }
}
