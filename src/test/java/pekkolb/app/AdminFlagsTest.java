package pekkolb.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Bad admin and worker-speed flags of `serve` end with one clear line and an exit code, never a hang (ports in use: PortCheckTest). */
class AdminFlagsTest {

  @Test
  void anAdminPortOutOfRangeIsABadFlag() {
    CommandRun run = CommandRun.of("serve", "--port", "0", "--admin-port", "70000");
    assertEquals(2, run.exit());
    assertTrue(run.err().contains("invalid setting lb.admin.port = 70000 (allowed: a whole number 0 .. 65535)"), run.err());
  }

  @Test
  void aWorkerSpeedMustBePositive() {
    CommandRun run = CommandRun.of("serve", "--port", "0", "--admin-port", "0", "--worker-speed", "Worker-1=0");
    assertEquals(2, run.exit());
    assertTrue(run.err().contains("invalid setting lb.worker.speeds.Worker-1 = 0.0 (allowed: a number > 0)"), run.err());
  }
}
