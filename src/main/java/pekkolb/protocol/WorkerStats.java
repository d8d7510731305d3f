package pekkolb.protocol;

/**
 * One worker as a broker sees it: its state, the jobs it holds and the jobs it was given so far, and
 * the slots it said it has (jobs it runs at once; 0 = unlimited).
 */
public record WorkerStats(String name, WorkerState state, int inFlight, long longJobs, long shortJobs, long completed,
    int slots) {}
