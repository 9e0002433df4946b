package io.llmrouter.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

import io.llmrouter.api.ErrorKind;
import io.netty.channel.ConnectTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * How a failure to reach the upstream is named. A connect timeout is the upstream not accepting the connection, so it
 * counts against the provider like a refused connection; only a timeout while waiting for the answer is a TIMEOUT
 * (which the engine blames on the gateway when the attempt never got its connection).
 */
class UpstreamFailureKindsTest {

    private static final String URL = "http://10.255.255.1:80/v1/chat/completions";

    @Test
    void aConnectTimeoutIsAConnectFailureNotATimeout() {
        assertThat(UpstreamHttp.classify(new CompletionException(
                new ConnectTimeoutException("connection timed out after 10000 ms: /10.255.255.1:80")), URL).kind())
                .isEqualTo(ErrorKind.CONNECT_FAILED);
        assertThat(UpstreamHttp.classify(new ConnectException("Connection refused"), URL).kind())
                .isEqualTo(ErrorKind.CONNECT_FAILED);
    }

    @Test
    void aTimeoutWaitingForTheAnswerIsATimeout() {
        assertThat(UpstreamHttp.classify(new TimeoutException("no answer"), URL).kind()).isEqualTo(ErrorKind.TIMEOUT);
    }
}
