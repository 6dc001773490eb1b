package io.swarmedge.acme.order;

import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.provider.GenericAcmeProvider;

/**
 * The acme4j provider for a resolver: the generic ACME provider, with an HTTP client that trusts the
 * JDK's CAs plus the resolver's {@code caCertificates} / {@code LEGO_CA_CERTIFICATES} (a private CA
 * such as pebble's). acme4j 4 builds its {@link HttpClient} through {@code createHttpClient}, which
 * is where the {@link SSLContext} goes.
 */
final class CaTrust extends GenericAcmeProvider {
    private final SSLContext context;

    CaTrust(List<X509Certificate> extraCas) {
        try {
            this.context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustManager(extraCas)}, null);
        } catch (GeneralSecurityException e) {
            throw new AcmeConfigException("cannot build the TLS context for the ACME server: " + e.getMessage(), e);
        }
    }

    @Override
    public HttpClient createHttpClient(NetworkSettings settings) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(settings.getTimeout())
                .sslContext(context);
        if (settings.getProxySelector() != null) {
            builder.proxy(settings.getProxySelector());
        }
        return builder.build();
    }

    private static X509TrustManager trustManager(List<X509Certificate> extraCas) throws GeneralSecurityException {
        X509TrustManager system = x509(null);
        if (extraCas.isEmpty()) {
            return system;
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException(e);
        }
        for (int i = 0; i < extraCas.size(); i++) {
            store.setCertificateEntry("ca-" + i, extraCas.get(i));
        }
        X509TrustManager extra = x509(store);
        return new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                system.checkClientTrusted(chain, authType);
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                try {
                    extra.checkServerTrusted(chain, authType);
                } catch (CertificateException e) {
                    system.checkServerTrusted(chain, authType);
                }
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                X509Certificate[] a = system.getAcceptedIssuers();
                X509Certificate[] b = extra.getAcceptedIssuers();
                X509Certificate[] all = java.util.Arrays.copyOf(a, a.length + b.length);
                System.arraycopy(b, 0, all, a.length, b.length);
                return all;
            }
        };
    }

    private static X509TrustManager x509(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X509TrustManager");
    }
}
