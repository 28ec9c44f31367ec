package io.recordflow.ingest.corpus;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Writes an EXIF APP1 segment (camera make/model, date taken, GPS) into a JPEG made by ImageIO. */
final class ExifJpeg {

    private static final short ASCII = 2;
    private static final short LONG = 4;
    private static final short RATIONAL = 5;
    private static final short BYTE = 1;

    private ExifJpeg() {}

    /** One IFD entry; values longer than 4 bytes go to the data area after the IFD. */
    private record Entry(int tag, short type, int count, byte[] value) {}

    static byte[] withExif(
            byte[] jpeg, String make, String model, String dateTime, double lat, double lon, double alt) {
        byte[] tiff = tiff(make, model, dateTime, lat, lon, alt);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2); // SOI
        out.write(0xFF);
        out.write(0xE1);
        int len = 2 + 6 + tiff.length;
        out.write(len >> 8);
        out.write(len & 0xFF);
        out.writeBytes("Exif\0\0".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(tiff);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    private static byte[] tiff(String make, String model, String dateTime, double lat, double lon, double alt) {
        // layout: header(8) | IFD0 | ExifIFD | GPS IFD, each IFD followed by its own data area
        List<Entry> exif = List.of(new Entry(0x9003, ASCII, dateTime.length() + 1, ascii(dateTime)));
        List<Entry> gps = List.of(
                new Entry(0x0000, BYTE, 4, new byte[] {2, 3, 0, 0}),
                new Entry(0x0001, ASCII, 2, ascii(lat >= 0 ? "N" : "S")),
                new Entry(0x0002, RATIONAL, 3, dms(Math.abs(lat))),
                new Entry(0x0003, ASCII, 2, ascii(lon >= 0 ? "E" : "W")),
                new Entry(0x0004, RATIONAL, 3, dms(Math.abs(lon))),
                new Entry(0x0005, BYTE, 1, new byte[] {0}),
                new Entry(0x0006, RATIONAL, 1, rationals(new long[] {Math.round(alt * 100), 100})));
        int ifd0Offset = 8;
        int ifd0Size = ifdSize(5, List.of(ascii(make), ascii(model), ascii(dateTime)));
        int exifOffset = ifd0Offset + ifd0Size;
        int exifSize = ifdSize(exif.size(), exif.stream().map(Entry::value).toList());
        int gpsOffset = exifOffset + exifSize;
        List<Entry> ifd0 = List.of(
                new Entry(0x010F, ASCII, make.length() + 1, ascii(make)),
                new Entry(0x0110, ASCII, model.length() + 1, ascii(model)),
                new Entry(0x0132, ASCII, dateTime.length() + 1, ascii(dateTime)),
                new Entry(
                        0x8769,
                        LONG,
                        1,
                        ByteBuffer.allocate(4).putInt(exifOffset).array()),
                new Entry(
                        0x8825,
                        LONG,
                        1,
                        ByteBuffer.allocate(4).putInt(gpsOffset).array()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8});
        writeIfd(out, ifd0, ifd0Offset);
        writeIfd(out, exif, exifOffset);
        writeIfd(out, gps, gpsOffset);
        return out.toByteArray();
    }

    private static int ifdSize(int entries, List<byte[]> values) {
        int data = values.stream().mapToInt(v -> v.length > 4 ? v.length : 0).sum();
        return 2 + entries * 12 + 4 + data;
    }

    private static void writeIfd(ByteArrayOutputStream out, List<Entry> entries, int offset) {
        ByteBuffer ifd = ByteBuffer.allocate(2 + entries.size() * 12 + 4);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        int dataOffset = offset + ifd.capacity();
        ifd.putShort((short) entries.size());
        for (Entry e : entries) {
            ifd.putShort((short) e.tag()).putShort(e.type()).putInt(e.count());
            if (e.value().length <= 4) {
                ifd.put(Arrays.copyOf(e.value(), 4));
            } else {
                ifd.putInt(dataOffset + data.size());
                data.writeBytes(e.value());
            }
        }
        ifd.putInt(0);
        out.writeBytes(ifd.array());
        out.writeBytes(data.toByteArray());
    }

    private static byte[] ascii(String s) {
        return (s + "\0").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] dms(double degrees) {
        long d = (long) degrees;
        double minutesFull = (degrees - d) * 60;
        long m = (long) minutesFull;
        long s100 = Math.round((minutesFull - m) * 60 * 100);
        return rationals(new long[] {d, 1, m, 1, s100, 100});
    }

    private static byte[] rationals(long[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4);
        for (long v : values) {
            b.putInt((int) v);
        }
        return b.array();
    }
}
