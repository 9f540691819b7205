package io.wrenmq.server.gateway.nngbridge;

import io.netty.buffer.ByteBufUtil;
import io.wrenmq.server.gateway.nng.Mode;
import io.wrenmq.server.gateway.nng.NngOptions;
import io.wrenmq.server.gateway.nng.NngSocket;
import io.wrenmq.server.gateway.nng.Protocol;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * The NNG gateway's sockets on the NNG wire ({@link NngSocket}): PUB0, SUB0 (subscribed to every
 * {@code subscription[].remote_topic}) or PAIR1/PAIR0, listening or dialing. ByteBuf ownership: the socket lends each
 * received body for the call only; it is copied here into the byte[] the gateway keeps. What the gateway sends is a
 * byte[] the socket wraps and owns.
 */
public final class NngSockets {
    private NngSockets() {
    }

    /** The {@link NngGateway.SocketOpener} of a running broker. */
    public static NngGateway.Socket open(NngGatewayConfig config, Consumer<byte[]> onMessage) throws IOException {
        Protocol protocol = switch (config.kind()) {
            case PUB -> Protocol.PUB0;
            case SUB -> Protocol.SUB0;
            case PAIR -> config.pairVersion() == 0 ? Protocol.PAIR0 : Protocol.PAIR1;
        };
        NngOptions options = NngOptions.defaults().withMaxMessageSize(config.maxMessageSize());
        NngSocket socket = NngSocket.open(protocol, config.url(), config.dial() ? Mode.DIAL : Mode.LISTEN, options,
                (s, body) -> onMessage.accept(ByteBufUtil.getBytes(body)));
        if (protocol == Protocol.SUB0) {
            config.subscription().forEach(e -> socket.subscribe(e.remoteTopic()));
        }
        return new NngGateway.Socket() {
            @Override
            public boolean send(byte[] message) {
                return socket.send(message);
            }

            @Override
            public int peers() {
                return socket.pipeCount();
            }

            @Override
            public void close() {
                socket.close();
            }
        };
    }
}
