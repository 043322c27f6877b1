package io.marketpipe.ingest.health;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** GETs an ops endpoint the way a health check reads it: "STATUS BODY". */
final class OpsHttp {
    private OpsHttp() {}

    static String get(String url) {
        try {
            HttpResponse<String> r =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(URI.create(url)).build(),
                                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() + " " + r.body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
