package pekkolb.protocol;

/** Anything a worker accepts. Not sealed: the worker adds private and local-only messages of its own. */
public interface WorkerMessage {}
