package org.adfssaml.testkit.adfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.cookie.BasicCookieStore;
import org.apache.hc.client5.http.cookie.Cookie;
import org.apache.hc.client5.http.entity.UrlEncodedFormEntity;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.NameValuePair;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.message.BasicNameValuePair;
import org.apache.hc.core5.ssl.SSLContexts;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * The tiny browser of the emulator tests: HttpClient 5 for transport (TLS verified against the emulator's CA,
 * cookies kept), jsoup for pages, forms filled by hand. Redirects are followed only when asked, so tests see them.
 */
final class WebClient implements AutoCloseable {

    private final CloseableHttpClient http;
    private final BasicCookieStore cookies = new BasicCookieStore();
    private String userAgent = "adfs-saml-tests/1.0";

    WebClient(KeyStore trustStore) {
        this(trustStore, b -> { });
    }

    WebClient(KeyStore trustStore, java.util.function.Consumer<HttpClientBuilder> customizer) {
        HttpClientBuilder builder = HttpClients.custom().disableRedirectHandling().disableAutomaticRetries()
                .setDefaultCookieStore(cookies);
        if (trustStore != null) {
            try {
                SSLContext ssl = SSLContexts.custom().loadTrustMaterial(trustStore, null).build();
                builder.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setTlsSocketStrategy(ClientTlsStrategyBuilder.create().setSslContext(ssl).buildClassic())
                        .build());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        customizer.accept(builder);
        this.http = builder.build();
    }

    WebClient userAgent(String value) {
        this.userAgent = value;
        return this;
    }

    List<Cookie> cookies() {
        return cookies.getCookies();
    }

    Optional<String> cookie(String name) {
        return cookies.getCookies().stream().filter(c -> c.getName().equals(name)).map(Cookie::getValue)
                .findFirst();
    }

    Page get(URI uri) {
        return execute(new HttpGet(uri), Map.of());
    }

    Page get(URI uri, Map<String, String> headers) {
        return execute(new HttpGet(uri), headers);
    }

    Page submit(Form form) {
        HttpPost post = new HttpPost(form.action());
        List<NameValuePair> pairs = new ArrayList<>();
        form.fields().forEach(e -> pairs.add(new BasicNameValuePair(e.getKey(), e.getValue())));
        post.setEntity(new UrlEncodedFormEntity(pairs, StandardCharsets.UTF_8));
        return execute(post, Map.of());
    }

    /** Follows 302s with GET (as browsers do after a POST), at most 5. */
    Page follow(Page page) {
        Page current = page;
        for (int i = 0; i < 5 && current.status() == 302; i++) {
            current = get(current.uri().resolve(current.header("Location").orElseThrow()));
        }
        return current;
    }

    private Page execute(HttpUriRequestBase request, Map<String, String> headers) {
        request.setHeader("User-Agent", userAgent);
        headers.forEach(request::setHeader);
        URI uri;
        try {
            uri = request.getUri();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        try {
            return http.execute(request, response -> {
                Map<String, List<String>> all = new LinkedHashMap<>();
                for (Header h : response.getHeaders()) {
                    all.computeIfAbsent(h.getName().toLowerCase(java.util.Locale.ROOT), k -> new ArrayList<>())
                            .add(h.getValue());
                }
                String body = response.getEntity() == null ? ""
                        : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
                return new Page(uri, response.getCode(), all, body);
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        http.close();
    }

    /** One HTTP response. */
    record Page(URI uri, int status, Map<String, List<String>> headers, String body) {

        Document doc() {
            return Jsoup.parse(body, uri.toString());
        }

        Optional<String> header(String name) {
            List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }

        List<String> headerValues(String name) {
            return headers.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), List.of());
        }

        String text(String css) {
            Element e = doc().selectFirst(css);
            if (e == null) {
                throw new AssertionError("no element " + css + " in page " + uri + ":\n" + body);
            }
            return e.text();
        }

        Form form(String css) {
            Element form = doc().selectFirst(css);
            if (form == null) {
                throw new AssertionError("no form " + css + " in page " + uri + ":\n" + body);
            }
            return Form.of(form, uri);
        }
    }

    /** The fields a browser would post for a form, editable. */
    static final class Form {
        private final URI action;
        private final List<Map.Entry<String, String>> fields;

        private Form(URI action, List<Map.Entry<String, String>> fields) {
            this.action = action;
            this.fields = fields;
        }

        static Form of(Element form, URI pageUri) {
            String action = form.attr("action");
            URI target = action.isEmpty() ? pageUri : pageUri.resolve(action);
            List<Map.Entry<String, String>> fields = new ArrayList<>();
            for (Element input : form.select("input[name], select[name]")) {
                String type = input.attr("type").toLowerCase(java.util.Locale.ROOT);
                if ((type.equals("checkbox") || type.equals("radio")) && !input.hasAttr("checked")) {
                    continue;
                }
                String value = input.tagName().equals("select")
                        ? Optional.ofNullable(input.selectFirst("option[selected]"))
                        .or(() -> Optional.ofNullable(input.selectFirst("option")))
                        .map(o -> o.attr("value")).orElse("")
                        : input.attr("value");
                fields.add(Map.entry(input.attr("name"), value));
            }
            return new Form(target, fields);
        }

        URI action() {
            return action;
        }

        List<Map.Entry<String, String>> fields() {
            return fields;
        }

        List<String> names() {
            return fields.stream().map(Map.Entry::getKey).toList();
        }

        Form set(String name, String value) {
            boolean replaced = false;
            for (int i = 0; i < fields.size(); i++) {
                if (fields.get(i).getKey().equals(name)) {
                    fields.set(i, Map.entry(name, value));
                    replaced = true;
                }
            }
            if (!replaced) {
                fields.add(Map.entry(name, value));
            }
            return this;
        }

        Form add(String name, String value) {
            fields.add(Map.entry(name, value));
            return this;
        }
    }
}
