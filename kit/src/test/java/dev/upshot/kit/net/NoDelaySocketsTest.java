package dev.upshot.kit.net;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

import static org.junit.jupiter.api.Assertions.assertTrue;

class NoDelaySocketsTest {
    private final NoDelaySockets sockets = new NoDelaySockets();

    @Test
    void everyWayOfMakingASocketTurnsNaglesAlgorithmOff() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            InetAddress loopback = InetAddress.getLoopbackAddress();
            int port = server.getLocalPort();
            try (Socket unconnected = sockets.createSocket();
                 Socket byName = sockets.createSocket(loopback.getHostAddress(), port);
                 Socket byNameFrom = sockets.createSocket(loopback.getHostAddress(), port, loopback, 0);
                 Socket byAddress = sockets.createSocket(loopback, port);
                 Socket byAddressFrom = sockets.createSocket(loopback, port, loopback, 0)) {
                unconnected.connect(new InetSocketAddress(loopback, port));   // as OkHttp connects its sockets
                for (Socket socket : new Socket[] {unconnected, byName, byNameFrom, byAddress, byAddressFrom}) {
                    assertTrue(socket.getTcpNoDelay(), socket + " keeps Nagle's algorithm on");
                }
            }
        }
    }
}
