package pekkolb.protocol;

/**
 * Jobs a broker hands a worker: a lone {@link Job} or a {@link JobBatch}. The worker takes both the
 * same way, entry by entry (a lone Job is a batch of one); only their answers differ.
 */
public sealed interface JobMessage extends WorkerMessage permits Job, JobBatch {}
