package pekkolb.protocol;

/**
 * Anything a broker accepts. Not sealed: the broker adds private messages of its own (listings,
 * timers), which must live in its package.
 */
public interface BrokerMessage {}
