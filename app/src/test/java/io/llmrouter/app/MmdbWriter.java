package io.llmrouter.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a small MaxMind DB file (format 2.0, https://maxmind.github.io/MaxMind-DB/) of country records, so GeoIP tests
 * read a real database through MaxMind's own reader: no writer library for Java is published. An IPv6 tree with 24-bit
 * records; IPv4 networks live under {@code ::/96}, where readers look them up.
 */
final class MmdbWriter {

    private static final byte[] METADATA_MARKER = {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF, 'M', 'a', 'x', 'M', 'i',
        'n', 'd', '.', 'c', 'o', 'm'};

    /** A node of the search tree; a branch is a node, a record's data offset, or empty (null). */
    private static final class Node {
        final Object[] branch = new Object[2];
        int number;
    }

    private final Node root = new Node();
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();

    /** Adds a network, e.g. {@code 81.2.69.0/24}, as a caller in that country and continent. */
    MmdbWriter country(String cidr, String isoCode, String continentCode) throws IOException {
        int slash = cidr.indexOf('/');
        byte[] address = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
        int bits = Integer.parseInt(cidr.substring(slash + 1));
        if (address.length == 4) {
            byte[] v6 = new byte[16];
            System.arraycopy(address, 0, v6, 12, 4);
            address = v6;
            bits += 96;
        }
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("continent", Map.of("code", continentCode));
        record.put("country", Map.of("iso_code", isoCode));
        int offset = data.size();
        encode(record, data);
        Node n = root;
        for (int i = 0; i < bits - 1; i++) {
            int bit = (address[i / 8] >> (7 - i % 8)) & 1;
            if (n.branch[bit] == null) {
                n.branch[bit] = new Node();
            }
            n = (Node) n.branch[bit];
        }
        n.branch[(address[(bits - 1) / 8] >> (7 - (bits - 1) % 8)) & 1] = offset;
        return this;
    }

    void write(Path file) throws IOException {
        List<Node> nodes = new ArrayList<>();
        number(root, nodes);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Node n : nodes) {
            for (Object b : n.branch) {
                long value = b == null ? nodes.size()
                        : b instanceof Node child ? child.number : nodes.size() + 16L + (Integer) b;
                out.write((int) (value >> 16) & 0xff);
                out.write((int) (value >> 8) & 0xff);
                out.write((int) value & 0xff);
            }
        }
        out.write(new byte[16]); // the data section separator
        data.writeTo(out);
        out.write(METADATA_MARKER);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("node_count", (long) nodes.size());
        metadata.put("record_size", 24);
        metadata.put("ip_version", 6);
        metadata.put("database_type", "GeoLite2-Country");
        metadata.put("languages", List.of("en"));
        metadata.put("binary_format_major_version", 2);
        metadata.put("binary_format_minor_version", 0);
        metadata.put("build_epoch", java.math.BigInteger.valueOf(1_700_000_000L));
        metadata.put("description", Map.of("en", "llmrouter test database"));
        encode(metadata, out);
        Files.write(file, out.toByteArray());
    }

    private static void number(Node n, List<Node> nodes) {
        n.number = nodes.size();
        nodes.add(n);
        for (Object b : n.branch) {
            if (b instanceof Node child) {
                number(child, nodes);
            }
        }
    }

    /** Strings, maps, lists, Integer as uint16, Long as uint32 and BigInteger as uint64, as the spec encodes them. */
    private static void encode(Object value, ByteArrayOutputStream out) {
        if (value instanceof String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            control(2, b.length, out);
            out.writeBytes(b);
        } else if (value instanceof Map<?, ?> m) {
            control(7, m.size(), out);
            m.forEach((k, v) -> {
                encode(k, out);
                encode(v, out);
            });
        } else if (value instanceof List<?> l) {
            control(11, l.size(), out);
            l.forEach(v -> encode(v, out));
        } else if (value instanceof Integer i) {
            unsigned(5, i, out);
        } else if (value instanceof Long l) {
            unsigned(6, l, out);
        } else if (value instanceof java.math.BigInteger b) {
            unsigned(9, b.longValueExact(), out);
        } else {
            throw new IllegalArgumentException("cannot encode " + value);
        }
    }

    private static void unsigned(int type, long v, ByteArrayOutputStream out) {
        int size = 0;
        while (size < 8 && (v >>> (8 * size)) != 0) {
            size++;
        }
        control(type, size, out);
        for (int i = size - 1; i >= 0; i--) {
            out.write((int) (v >>> (8 * i)) & 0xff);
        }
    }

    /** The control byte: the type in the top three bits (extended types after it), the size in the low five. */
    private static void control(int type, int size, ByteArrayOutputStream out) {
        int sizeBits = size < 29 ? size : 29;
        out.write(((type <= 7 ? type : 0) << 5) | sizeBits);
        if (type > 7) {
            out.write(type - 7);
        }
        if (size >= 29) {
            if (size - 29 > 255) {
                throw new IllegalArgumentException("fields this long are not needed here: " + size);
            }
            out.write(size - 29);
        }
    }
}
