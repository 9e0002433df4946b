package io.llmrouter.provider;

import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;

import io.vertx.core.buffer.Buffer;

/**
 * Splits a Server-Sent Events byte stream into events as bytes arrive (WHATWG framing: LF, CRLF or CR line ends,
 * multi-line {@code data}, {@code event} names, comments ignored). Each complete event goes to the handler as
 * (event name or null, data).
 */
public final class SseDecoder {

    private final BiConsumer<String, String> handler;
    private byte[] line = new byte[256];
    private int lineLength;
    private boolean lastWasCr;
    private String event;
    private StringBuilder data;

    public SseDecoder(BiConsumer<String, String> handler) {
        this.handler = handler;
    }

    public void feed(Buffer buffer) {
        int n = buffer.length();
        for (int i = 0; i < n; i++) {
            byte b = buffer.getByte(i);
            if (b == '\n' && lastWasCr) {
                lastWasCr = false;
                continue;
            }
            lastWasCr = b == '\r';
            if (b == '\n' || b == '\r') {
                endLine();
            } else {
                if (lineLength == line.length) {
                    byte[] bigger = new byte[line.length * 2];
                    System.arraycopy(line, 0, bigger, 0, lineLength);
                    line = bigger;
                }
                line[lineLength++] = b;
            }
        }
    }

    /** True when bytes of an unfinished event are held (the stream ended mid-event). */
    public boolean hasPartialEvent() {
        return lineLength > 0 || data != null;
    }

    private void endLine() {
        if (lineLength == 0) {
            dispatch();
            return;
        }
        String text = new String(line, 0, lineLength, StandardCharsets.UTF_8);
        lineLength = 0;
        if (text.charAt(0) == ':') {
            return;
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        if (field.equals("data")) {
            if (data == null) {
                data = new StringBuilder(value);
            } else {
                data.append('\n').append(value);
            }
        } else if (field.equals("event")) {
            event = value;
        }
    }

    private void dispatch() {
        if (data != null) {
            String name = event;
            String payload = data.toString();
            event = null;
            data = null;
            handler.accept(name, payload);
        } else {
            event = null;
        }
    }
}
