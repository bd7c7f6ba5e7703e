package dev.darkfactory.testkit.zoo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server on the host's loopback interface that answers every connection with the hidden tests
 * (the worst case: the answers are a request away), and counts connections: a sandbox that
 * isolates the network never lets one through.
 */
final class AnswerServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AnswerServer.class);

  private final ServerSocket socket;
  private final byte[] response;
  private final AtomicInteger connections = new AtomicInteger();
  private final Thread thread;

  private AnswerServer(ServerSocket socket, String body) {
    this.socket = socket;
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String head =
        "HTTP/1.0 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
            + bytes.length
            + "\r\nConnection: close\r\n\r\n";
    byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
    this.response = new byte[headBytes.length + bytes.length];
    System.arraycopy(headBytes, 0, response, 0, headBytes.length);
    System.arraycopy(bytes, 0, response, headBytes.length, bytes.length);
    this.thread = new Thread(this::serve, "zoo-answer-server");
    thread.setDaemon(true);
  }

  static AnswerServer start(String body) throws IOException {
    ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    AnswerServer server = new AnswerServer(socket, body);
    server.thread.start();
    return server;
  }

  int port() {
    return socket.getLocalPort();
  }

  int connections() {
    return connections.get();
  }

  private void serve() {
    while (!socket.isClosed()) {
      try (Socket client = socket.accept()) {
        connections.incrementAndGet();
        LOG.warn("zoo answer server: a connection from {} reached the host", client.getRemoteSocketAddress());
        client.setSoTimeout(2_000);
        readHead(client.getInputStream());
        OutputStream out = client.getOutputStream();
        out.write(response);
        out.flush();
      } catch (SocketException e) {
        if (!socket.isClosed()) {
          LOG.debug("zoo answer server: {}", e.toString());
        }
      } catch (IOException e) {
        LOG.debug("zoo answer server: {}", e.toString());
      }
    }
  }

  /** Reads a request's head (up to the blank line, at most 8 KiB), or until the client waits. */
  private static void readHead(InputStream in) throws IOException {
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    for (int i = 0; i < 8192 && matched < end.length; i++) {
      int b;
      try {
        b = in.read();
      } catch (java.net.SocketTimeoutException e) {
        return;
      }
      if (b < 0) {
        return;
      }
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
