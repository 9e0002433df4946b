package io.llmrouter.app;

/**
 * Told of every {@code /v1/*} request the front door answered, once its response has ended (a stream: after its last
 * event): metrics, the access log and the dashboard's feed. Called on the request's event loop: must not block, and
 * an exception it throws is logged and otherwise ignored.
 */
public interface RequestObserver {

    void requestEnded(RequestSummary request);
}
