package dev.upshot.kit.s3;

import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;

/** The one MinIO client of a service, built from {@link S3Config}. */
public class S3Clients {

    @Produces
    @Singleton
    MinioClient client(S3Config s3) {
        MinioClient.Builder builder = MinioClient.builder().endpoint(s3.endpoint().toString())
                .credentials(s3.accessKey(), s3.secretKey()).region(s3.region());
        if ("http".equalsIgnoreCase(s3.endpoint().getScheme())) {
            builder.httpClient(plainHttp());
        }
        MinioClient client = builder.build();
        // MinIO's defaults wait five minutes for a stalled store; a stuck request must fail sooner
        client.setTimeout(s3.connectTimeout().toMillis(), s3.writeTimeout().toMillis(), s3.readTimeout().toMillis());
        return client;
    }

    /**
     * The same endpoint, for the multipart calls MinioClient keeps to itself (chunked uploads) and the single PUT of
     * an original whose MD5 is known ({@link DirectPuts}).
     */
    @Produces
    @Singleton
    DirectPuts asyncClient(S3Config s3) {
        MinioAsyncClient.Builder builder = MinioAsyncClient.builder().endpoint(s3.endpoint().toString())
                .credentials(s3.accessKey(), s3.secretKey()).region(s3.region());
        if ("http".equalsIgnoreCase(s3.endpoint().getScheme())) {
            builder.httpClient(plainHttp());
        }
        DirectPuts client = new DirectPuts(builder.build());
        client.setTimeout(s3.connectTimeout().toMillis(), s3.writeTimeout().toMillis(), s3.readTimeout().toMillis());
        return client;
    }

    /**
     * MinIO builds a new HTTP client for every PUT of a file, and OkHttp compares the new client's certificate
     * authorities with the old one's, all of the JDK's, each time: a tenth of an upload's CPU. A plain-HTTP store uses
     * no TLS, so its client trusts no authority and that comparison is of empty sets.
     */
    private static OkHttpClient plainHttp() {
        X509TrustManager none = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("the S3 endpoint is plain HTTP");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("the S3 endpoint is plain HTTP");
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {none}, null);
            return new OkHttpClient.Builder().sslSocketFactory(tls.getSocketFactory(), none)
                    .protocols(List.of(Protocol.HTTP_1_1)).build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS context for the S3 client", e);
        }
    }
}
