package pekkolb.broker;

import pekkolb.protocol.AppType;
import pekkolb.protocol.Approach;

/**
 * What a request asks for: its app type, its approach and its size ({@code -1}: as long as the type
 * takes), and the work that makes at a worker of speed 1, in scaled nanoseconds.
 */
record Kind(AppType type, Approach approach, long sizeMillis, long expectedNanos) {}
