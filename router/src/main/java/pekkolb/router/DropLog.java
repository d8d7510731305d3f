package pekkolb.router;

import org.slf4j.Logger;

/** Requests dropped without a failure reply: a log line at most once a second, with how many since the last. */
final class DropLog {
  private final Logger log;
  private long lastLine;
  private long since;

  DropLog(Logger log) {
    this.log = log;
  }

  void dropped(String why) {
    since++;
    long now = System.nanoTime();
    if (lastLine != 0 && now - lastLine < 1_000_000_000L) return;
    log.warn("dropped {} request(s) (no failure reply is set; their asks time out); the last: {}", since, why);
    lastLine = now;
    since = 0;
  }
}
