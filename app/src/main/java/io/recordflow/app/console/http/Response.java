package io.recordflow.app.console.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What a console handler answers: status, content type, body and extra headers (cookies, redirects). */
public record Response(int status, String contentType, byte[] body, List<Map.Entry<String, String>> headers) {

    public static final String HTML = "text/html; charset=utf-8";

    public static Response html(int status, Html page) {
        return new Response(status, HTML, page.toString().getBytes(StandardCharsets.UTF_8), List.of());
    }

    public static Response ok(Html page) {
        return html(200, page);
    }

    /** 303 See Other to {@code location} (a path of this console). */
    public static Response redirect(String location) {
        return new Response(303, "text/plain; charset=utf-8", new byte[0], List.of(Map.entry("Location", location)));
    }

    public static Response bytes(String contentType, byte[] body) {
        return new Response(200, contentType, body, List.of());
    }

    /**
     * This page with the policy that lets it frame this server's own documents: the record page of a PDF, whose
     * inline preview is Chromium's PDF viewer in an iframe. Images need no frame and do not use this.
     */
    public Response embeddingOriginals() {
        return with(ConsoleServer.CSP, ConsoleServer.EMBEDDING_POLICY);
    }

    /** This document (an inline original) framable by this server's own pages, and by no other site. */
    public Response framableByOwnPages() {
        return with(ConsoleServer.CSP, ConsoleServer.FRAMED_POLICY).with(ConsoleServer.FRAME_OPTIONS, "SAMEORIGIN");
    }

    /** This response with one more header (several Set-Cookie headers may be added). */
    public Response with(String name, String value) {
        List<Map.Entry<String, String>> more = new ArrayList<>(headers);
        more.add(Map.entry(name, value));
        return new Response(status, contentType, body, List.copyOf(more));
    }
}
