package pekkolb.protocol;

/** A drained broker's account: requests it answered while draining, and those it handed back. */
public record BrokerDrained(String broker, long answered, long handedBack) {}
