package pekkolb.app;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar's {@code serve} with stdout into a pipe that nobody reads after the banner, as
 * {@code serve | sleep 600} does: once the pipe is full every log line would block its writer, so
 * this pins that the request path never waits on the log.
 */
class ServeWithUnreadStdoutIT {

  @Test
  void twoThousandSequentialRequestsAreAnsweredWhileStdoutIsNeverRead() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String jar = Path.of(System.getProperty("pekkolb.jar", "target/pekko-lb.jar")).toAbsolutePath().toString();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // Time scale 0.001: a Short job takes 1 ms, and each one logs two lines.
    Process serve = new ProcessBuilder(List.of(java, "-Xmx256m", "-jar", jar, "serve", "--port", "" + port, "--admin-port", "0",
        "--time-scale", "0.001"))
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
      for (String line = out.readLine(); !line.contains("serving on"); line = out.readLine()) {
        assertNotNull(line, "serve ended before it was serving");
      }
      // From here on, stdout is never read again.
      try (Socket socket = new Socket("127.0.0.1", port)) {
        socket.setSoTimeout(60_000); // a blocked broker shows as a 30 s "timeout" answer long before this
        OutputStream toServe = socket.getOutputStream();
        BufferedReader answers = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        for (int i = 1; i <= 2000; i++) {
          toServe.write("AppID:Short\n".getBytes(StandardCharsets.US_ASCII));
          toServe.flush();
          String answer = answers.readLine();
          assertTrue(answer != null && answer.startsWith("Response from Worker-"), "request " + i + ": " + answer);
        }
      }
      assertTrue(serve.isAlive());
    } finally {
      serve.destroyForcibly();
      serve.waitFor();
    }
  }
}
