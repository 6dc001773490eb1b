package io.swarmedge.proxy.tls.ocsp;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Asks over HTTP: a POST of the DER request (RFC 6960 appendix A), within a time limit. */
public final class HttpOcspFetcher implements OcspFetcher {
    private final HttpClient client;
    private final Duration timeout;

    /** A fetcher whose connect and whole request each take at most {@code timeout}. */
    public HttpOcspFetcher(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                // plain HTTP/1.1: responders (openssl ocsp among them) do not take an h2c upgrade
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    @Override
    public byte[] fetch(OcspTarget target) throws OcspException {
        HttpRequest request = HttpRequest.newBuilder(target.responder())
                .timeout(timeout)
                .header("Content-Type", "application/ocsp-request")
                .header("Accept", "application/ocsp-response")
                .POST(HttpRequest.BodyPublishers.ofByteArray(OcspResponses.request(target)))
                .build();
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new OcspException(target.responder() + " answered HTTP " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new OcspException(target.responder() + " cannot be reached: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OcspException("interrupted while asking " + target.responder(), e);
        }
    }
}
