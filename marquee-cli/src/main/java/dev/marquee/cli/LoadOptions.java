package dev.marquee.cli;

import picocli.CommandLine.Option;

/** The wrk load settings every HTTP benchmark command takes (a picocli mixin). */
final class LoadOptions {
    @Option(names = "--connections", defaultValue = "64", description = "concurrent connections (default ${DEFAULT-VALUE})")
    int connections;

    @Option(names = "--duration", defaultValue = "10", description = "measured seconds per target (default ${DEFAULT-VALUE})")
    int durationSeconds;

    @Option(names = "--warmup",
            description = "warm-up seconds per target (default 5 for serving; 20 for recommend-serving, whose scoring "
                    + "path needs longer before it runs at its steady rate)")
    Integer warmupSeconds;

    @Option(names = "--wrk", defaultValue = "wrk", description = "the wrk executable (default ${DEFAULT-VALUE})")
    String wrkExecutable;

    @Option(names = "--load-threads", defaultValue = "1",
            description = "threads of the load generator (wrk, h2load), sharing the connections; it shares the "
                    + "machine's cores with the server, and one thread leaves them to the server (default "
                    + "${DEFAULT-VALUE})")
    int loadThreads;

    /** The warm-up seconds asked for, or the command's own default. */
    int warmupSeconds(int commandDefault) {
        return warmupSeconds == null ? commandDefault : warmupSeconds;
    }

    /** Whether connections, load threads, duration and warm-up are all at least 1. */
    boolean valid() {
        return connections >= 1 && loadThreads >= 1 && durationSeconds >= 1
                && (warmupSeconds == null || warmupSeconds >= 1);
    }
}
