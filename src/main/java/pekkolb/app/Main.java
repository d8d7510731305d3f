package pekkolb.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of pekko-lb.jar: one subcommand per way of running. No arguments runs the demo. */
@Command(
    name = "pekko-lb",
    mixinStandardHelpOptions = true,
    version = "pekko-lb 0.1.0",
    description = "A load balancer built as an Apache Pekko typed actor system.",
    subcommands = {
      DemoCommand.class, ServeCommand.class, BrokerCommand.class, WorkerCommand.class, ClientCommand.class,
      SimulateCommand.class, BenchCommand.class
    })
public final class Main implements Runnable {

  public static void main(String[] args) {
    int exit = run(args);
    // Write out the log lines still queued (for at most a second: the output may be a stuck pipe).
    if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext logging) logging.stop();
    System.exit(exit);
  }

  /** Runs a command line and returns its exit code (tests call this instead of main). */
  public static int run(String... args) {
    if (args.length == 0) args = new String[] {"demo"};
    // Start logging before Pekko does, so no early log line is held back and replayed with a warning.
    org.slf4j.LoggerFactory.getLogger(Main.class);
    return new CommandLine(new Main())
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          // Bad values that picocli's types cannot catch (a negative count, an unknown app type...)
          // get one clear line, like picocli's own errors, not a stack trace.
          if (e instanceof pekkolb.InvalidSetting || e instanceof com.typesafe.config.ConfigException
              || e instanceof Ports.Unavailable) {
            cmd.getErr().println("error: " + e.getMessage()); // a setting or a port, not the command line: no usage
            return 2;
          }
          if (e instanceof IllegalArgumentException) {
            cmd.getErr().println("error: " + e.getMessage());
            cmd.usage(cmd.getErr());
            return 2;
          }
          throw e;
        })
        .execute(args);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
