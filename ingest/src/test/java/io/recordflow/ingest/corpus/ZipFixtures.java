package io.recordflow.ingest.corpus;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** ZIP archives: plain, nested, bombs and traditional-PKWARE-encrypted. */
public final class ZipFixtures {

    private ZipFixtures() {}

    public static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** A zip nested {@code levels} deep, with a text file at the bottom. */
    public static byte[] nested(int levels) throws IOException {
        byte[] current = zip(Map.of("bottom.txt", "the bottom of the nest".getBytes(StandardCharsets.UTF_8)));
        for (int level = levels - 1; level >= 1; level--) {
            current = zip(Map.of("level" + (level + 1) + ".zip", current));
        }
        return current;
    }

    /**
     * A nested zip bomb: {@code fanOut} copies of a zip holding {@code fanOut} copies of {@code innerMb} MiB of text,
     * so it expands to fanOut^2 * innerMb MiB of text from a few hundred KiB.
     */
    public static byte[] nestedBomb(int fanOut, int innerMb) throws IOException {
        byte[] text = new byte[innerMb * 1024 * 1024];
        Arrays.fill(text, (byte) 'a');
        Map<String, byte[]> inner = new LinkedHashMap<>();
        for (int i = 0; i < fanOut; i++) {
            inner.put("bomb-" + i + ".txt", text);
        }
        byte[] innerZip = zip(inner);
        Map<String, byte[]> outer = new LinkedHashMap<>();
        for (int i = 0; i < fanOut; i++) {
            outer.put("layer-" + i + ".zip", innerZip);
        }
        return zip(outer);
    }

    /** One stored entry encrypted with traditional PKWARE encryption (ZipCrypto). */
    public static byte[] encrypted(String name, byte[] content, String password) {
        CRC32 crc = new CRC32();
        crc.update(content);
        long crcValue = crc.getValue();
        ZipCrypto cipher = new ZipCrypto(password);
        byte[] header = new byte[12];
        new Random(42).nextBytes(header);
        header[11] = (byte) (crcValue >>> 24);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.writeBytes(cipher.encrypt(header));
        data.writeBytes(cipher.encrypt(content));
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(30 + nameBytes.length + data.size() + 46 + nameBytes.length + 22)
                .order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(0x04034b50)
                .putShort((short) 20)
                .putShort((short) 1)
                .putShort((short) 0)
                .putShort((short) 0)
                .putShort((short) 0x21)
                .putInt((int) crcValue)
                .putInt(data.size())
                .putInt(content.length)
                .putShort((short) nameBytes.length)
                .putShort((short) 0)
                .put(nameBytes)
                .put(data.toByteArray());
        int cdOffset = out.position();
        out.putInt(0x02014b50)
                .putShort((short) 20)
                .putShort((short) 20)
                .putShort((short) 1)
                .putShort((short) 0)
                .putShort((short) 0)
                .putShort((short) 0x21)
                .putInt((int) crcValue)
                .putInt(data.size())
                .putInt(content.length)
                .putShort((short) nameBytes.length)
                .putShort((short) 0)
                .putShort((short) 0)
                .putShort((short) 0)
                .putShort((short) 0)
                .putInt(0)
                .putInt(0)
                .put(nameBytes);
        int cdSize = out.position() - cdOffset;
        out.putInt(0x06054b50)
                .putShort((short) 0)
                .putShort((short) 0)
                .putShort((short) 1)
                .putShort((short) 1)
                .putInt(cdSize)
                .putInt(cdOffset)
                .putShort((short) 0);
        return out.array();
    }

    /** Traditional PKWARE stream cipher (APPNOTE 6.1). */
    private static final class ZipCrypto {
        private static final int[] CRC_TABLE = new int[256];

        static {
            for (int n = 0; n < 256; n++) {
                int c = n;
                for (int k = 0; k < 8; k++) {
                    c = (c & 1) != 0 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
                }
                CRC_TABLE[n] = c;
            }
        }

        private int k0 = 0x12345678;
        private int k1 = 0x23456789;
        private int k2 = 0x34567890;

        ZipCrypto(String password) {
            for (byte b : password.getBytes(StandardCharsets.UTF_8)) {
                update(b);
            }
        }

        byte[] encrypt(byte[] plain) {
            byte[] out = new byte[plain.length];
            for (int i = 0; i < plain.length; i++) {
                int temp = (k2 | 2) & 0xFFFF;
                int keyByte = ((temp * (temp ^ 1)) >>> 8) & 0xFF;
                out[i] = (byte) (plain[i] ^ keyByte);
                update(plain[i]);
            }
            return out;
        }

        private void update(byte b) {
            k0 = crc(k0, b);
            k1 = (k1 + (k0 & 0xFF)) * 134775813 + 1;
            k2 = crc(k2, (byte) (k1 >>> 24));
        }

        private static int crc(int crc, byte b) {
            return CRC_TABLE[(crc ^ b) & 0xFF] ^ (crc >>> 8);
        }
    }
}
