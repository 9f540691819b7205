package io.wrenmq.broker.protocol;

import io.wrenmq.broker.metrics.BrokerMetrics;
import io.wrenmq.codec.ReasonCode;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the broker's close of a connected client is logged and counted ({@link MqttConnection#close}): one INFO line
 * with the client, the reason code and why; a reason that says the client broke the protocol also counts in
 * {@code wrenmq_protocol_errors_total}, one the broker decided on (an operator, a ban, the ACL, a timeout) does not.
 */
final class CloseReasons {
    private static final Logger LOG = LoggerFactory.getLogger(MqttConnection.class);
    /** Closes the broker decides on: not the client's protocol errors. */
    private static final Set<ReasonCode> BROKER_DECISIONS = EnumSet.of(ReasonCode.NOT_AUTHORIZED,
            ReasonCode.BAD_USER_NAME_OR_PASSWORD, ReasonCode.BAD_AUTHENTICATION_METHOD, ReasonCode.BANNED,
            ReasonCode.KEEP_ALIVE_TIMEOUT, ReasonCode.SESSION_TAKEN_OVER, ReasonCode.ADMINISTRATIVE_ACTION,
            ReasonCode.SERVER_SHUTTING_DOWN, ReasonCode.SERVER_BUSY, ReasonCode.SERVER_UNAVAILABLE,
            ReasonCode.QUOTA_EXCEEDED, ReasonCode.MESSAGE_RATE_TOO_HIGH, ReasonCode.CONNECTION_RATE_EXCEEDED,
            ReasonCode.USE_ANOTHER_SERVER, ReasonCode.SERVER_MOVED, ReasonCode.MAXIMUM_CONNECT_TIME);

    private CloseReasons() {
    }

    static boolean isProtocolError(ReasonCode reason) {
        return reason.isError() && !BROKER_DECISIONS.contains(reason);
    }

    static void log(BrokerMetrics metrics, String clientId, String address, ReasonCode reason, String why) {
        if (isProtocolError(reason)) {
            metrics.protocolErrors.increment();
        }
        if (reason == ReasonCode.SESSION_TAKEN_OVER) {
            // the registry logged the takeover, with both addresses, at INFO already
            LOG.debug("Closing {} ({}): {} - {}", clientId, address, reason, why);
        } else {
            LOG.info("Closing {} ({}): {} - {}", clientId, address, reason, why);
        }
    }
}
