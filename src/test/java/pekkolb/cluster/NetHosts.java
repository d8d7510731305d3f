package pekkolb.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Hosts of a test, each a Linux network namespace with one address on a bridge of its own (in a
 * namespace too, so the machine's own network is never touched): veth pairs, 198.18.R.0/24 with a
 * random R (198.18.0.0/15 is set aside for benchmarks; nothing here leaves the namespaces). Names
 * carry this JVM's pid, so a run killed before it could clean up is cleaned by the next one.
 * Needs root and iproute2.
 */
final class NetHosts implements AutoCloseable {
  private static final String PREFIX = "plbt";

  private final String tag = PREFIX + ProcessHandle.current().pid();
  private final String subnet = "198.18." + ThreadLocalRandom.current().nextInt(256) + ".";
  private final String bridgeNs = tag + "-sw";
  private final Map<String, String> addresses = new LinkedHashMap<>();
  private final Thread cleanupOnExit = new Thread(this::removeAll, "remove-test-namespaces");

  private NetHosts() {}

  /** Why namespaces cannot be made here, or empty when they can (a throwaway namespace is made and removed). */
  static Optional<String> unavailable() {
    String probe = PREFIX + ProcessHandle.current().pid() + "-probe";
    try {
      Result add = run("ip", "netns", "add", probe);
      if (add.exit() != 0) return Optional.of("ip netns add failed: " + add.output().strip());
      run("ip", "netns", "del", probe);
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of("no ip command: " + e.getMessage());
    }
  }

  /** The bridge, then one host per name, addresses .11, .12, ... in that order. */
  static NetHosts create(List<String> names) throws IOException {
    removeLeftovers();
    NetHosts hosts = new NetHosts();
    Runtime.getRuntime().addShutdownHook(hosts.cleanupOnExit);
    try {
      hosts.must("ip", "netns", "add", hosts.bridgeNs);
      hosts.must("ip", "-n", hosts.bridgeNs, "link", "add", "br0", "type", "bridge");
      hosts.must("ip", "-n", hosts.bridgeNs, "link", "set", "br0", "up");
      int i = 0;
      for (String name : names) hosts.addHost(name, ++i);
    } catch (IOException | RuntimeException e) {
      hosts.close();
      throw e;
    }
    return hosts;
  }

  private void addHost(String name, int index) throws IOException {
    String ns = namespace(name);
    String address = subnet + (10 + index);
    String peer = "p" + index;
    must("ip", "netns", "add", ns);
    must("ip", "-n", ns, "link", "set", "lo", "up");
    must("ip", "-n", ns, "link", "add", "eth0", "type", "veth", "peer", "name", peer, "netns", bridgeNs);
    must("ip", "-n", bridgeNs, "link", "set", peer, "master", "br0");
    must("ip", "-n", bridgeNs, "link", "set", peer, "up");
    must("ip", "-n", ns, "addr", "add", address + "/24", "dev", "eth0");
    must("ip", "-n", ns, "link", "set", "eth0", "up");
    addresses.put(name, address);
  }

  String address(String host) {
    return addresses.get(host);
  }

  /** The command prefix that runs a program on {@code host}. */
  List<String> on(String host) {
    return List.of("ip", "netns", "exec", namespace(host));
  }

  /** Cuts {@code host} off the network, as a pulled cable: its link goes down. */
  void cut(String host) throws IOException {
    must("ip", "-n", namespace(host), "link", "set", "eth0", "down");
  }

  /** Puts {@code host} back on the network. */
  void reconnect(String host) throws IOException {
    must("ip", "-n", namespace(host), "link", "set", "eth0", "up");
  }

  /** Runs a shell command on {@code host}; returns what it printed. */
  String shell(String host, String script) throws IOException {
    List<String> command = new ArrayList<>(on(host));
    command.addAll(List.of("timeout", "30", "bash", "-c", script));
    return run(command.toArray(String[]::new)).output();
  }

  private String namespace(String host) {
    return tag + "-" + host;
  }

  /** Ends every process left in the namespaces and removes them (their links go with them). */
  @Override
  public void close() {
    removeAll();
    try {
      Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or has run: nothing left to do.
    }
  }

  private void removeAll() {
    removeNamespaces(tag);
  }

  private static void removeLeftovers() throws IOException {
    for (String line : run("ip", "netns", "list").output().split("\n")) {
      String ns = line.split(" ")[0];
      if (!ns.startsWith(PREFIX) || !ns.contains("-")) continue;
      String pid = ns.substring(PREFIX.length(), ns.indexOf('-'));
      boolean alive = pid.chars().allMatch(Character::isDigit) && !pid.isEmpty()
          && ProcessHandle.of(Long.parseLong(pid)).isPresent();
      if (!alive) removeNamespaces(ns);
    }
  }

  private static void removeNamespaces(String namePrefix) {
    try {
      for (String line : run("ip", "netns", "list").output().split("\n")) {
        String ns = line.split(" ")[0];
        if (ns.isEmpty() || !ns.startsWith(namePrefix)) continue;
        for (String pid : run("ip", "netns", "pids", ns).output().split("\\s+")) {
          if (!pid.isBlank()) ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
        }
        run("ip", "netns", "del", ns);
      }
    } catch (IOException | RuntimeException e) {
      System.err.println("could not remove network namespaces " + namePrefix + "*: " + e);
    }
  }

  private void must(String... command) throws IOException {
    Result r = run(command);
    if (r.exit() != 0) throw new IOException(String.join(" ", command) + " failed: " + r.output().strip());
  }

  private record Result(int exit, String output) {}

  private static Result run(String... command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", command) + " did not end");
      }
      return new Result(p.exitValue(), out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
