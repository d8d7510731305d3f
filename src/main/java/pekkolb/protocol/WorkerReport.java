package pekkolb.protocol;

/**
 * What a worker tells the brokers that greeted it ({@link WorkerHello#replyTo}): its profile and load
 * ({@link WorkerInfo}), and its usage of late ({@link WorkerUsage}).
 */
public sealed interface WorkerReport extends BrokerMessage permits WorkerInfo, WorkerUsage {}
