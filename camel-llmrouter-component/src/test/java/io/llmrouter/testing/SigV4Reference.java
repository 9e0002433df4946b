package io.llmrouter.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 written out as AWS documents it, for services other than S3 (the path encoded once more),
 * independent of the SDK signer the adapter uses, so that each can check the other. It reproduces AWS's published
 * test vectors (see SigV4SignerTest).
 */
public final class SigV4Reference {

    private SigV4Reference() {
    }

    /**
     * The hex signature of a request without a query string.
     *
     * @param rawPath       the path as sent, already percent-encoded
     * @param signedHeaders lower-case names in sorted order, with their values
     * @param amzDate       X-Amz-Date, e.g. 20150830T123600Z
     */
    public static String signature(String method, String rawPath, Map<String, String> signedHeaders, byte[] body,
                                   String amzDate, String region, String service, String secretKey) {
        // the path normalized (RFC 3986 dot segments removed), then each segment URI-encoded once more: the path as
        // sent is already encoded once, and services other than S3 want it encoded twice
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : rawPath.substring(1).split("/", -1)) {
            if (segment.equals("..")) {
                segments.pollLast();
            } else if (!segment.equals(".")) {
                segments.addLast(segment);
            }
        }
        StringBuilder canonical = new StringBuilder(method).append('\n');
        for (String segment : segments) {
            canonical.append('/').append(uriEncode(segment));
        }
        if (segments.isEmpty()) {
            canonical.append('/');
        }
        canonical.append("\n\n");
        signedHeaders.forEach((name, value) -> canonical.append(name).append(':').append(value.trim()).append('\n'));
        canonical.append('\n').append(String.join(";", signedHeaders.keySet())).append('\n').append(hex(sha256(body)));
        String day = amzDate.substring(0, 8);
        String scope = day + "/" + region + "/" + service + "/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                + hex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), day);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        return hex(hmac(key, toSign));
    }

    public static String sha256Hex(byte[] data) {
        return hex(sha256(data));
    }

    private static String uriEncode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-_.~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
