package io.llmrouter.api;

/** A failure another attempt may cure: route EIPs such as failover load balancing catch this type. */
public class RetryableLlmException extends LlmException {

    RetryableLlmException(ErrorKind kind, int status, String message, String param, String code, byte[] upstreamBody,
                          Throwable cause) {
        super(kind, status, message, param, code, upstreamBody, cause);
    }
}
