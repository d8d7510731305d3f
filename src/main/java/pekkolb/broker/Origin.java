package pekkolb.broker;

/**
 * Where a request's answer goes and what it asked for: what the balancer keeps with each request.
 * Requests of one client and one kind share it, so a million in flight are not a million objects.
 */
record Origin(ClientAnswers client, Kind kind) {}
