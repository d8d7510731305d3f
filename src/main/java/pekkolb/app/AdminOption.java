package pekkolb.app;

import picocli.CommandLine.Option;

/** The --admin-port flag of the commands that run a broker (serve, broker). */
final class AdminOption {
  @Option(names = "--admin-port", description = "Port of the admin endpoint and dashboard (default: lb.admin.port = 8558; 0 = off).")
  Integer adminPort;
}
