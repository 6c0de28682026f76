package org.adfssaml.provider.internal.signin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.apache.hc.core5.http.HttpHost;
import org.junit.jupiter.api.Test;

class ProxyRoutePlannerTest {

    @Test
    void fromEnvironmentWhenNoProxyVariablesThenNoPlanner() {
        assertThat(ProxyRoutePlanner.fromEnvironment(Map.of("PATH", "/bin"))).isNull();
    }

    @Test
    void determineProxyWhenHttpsProxySetThenUsedExceptForNoProxyHosts() throws Exception {
        ProxyRoutePlanner planner = ProxyRoutePlanner.fromEnvironment(Map.of(
                "HTTPS_PROXY", "http://proxy.corp:3128", "NO_PROXY", "localhost, .internal.corp,*.lan"));

        assertThat(planner.determineProxy(new HttpHost("https", "adfs.example.com", 443), null))
                .isEqualTo(new HttpHost("http", "proxy.corp", 3128));
        assertThat(planner.determineProxy(new HttpHost("https", "localhost", 443), null)).isNull();
        assertThat(planner.determineProxy(new HttpHost("https", "adfs.internal.corp", 443), null)).isNull();
        assertThat(planner.determineProxy(new HttpHost("https", "sts.lan", 443), null)).isNull();
        assertThat(planner.determineProxy(new HttpHost("http", "adfs.example.com", 80), null)).isNull();
    }

    @Test
    void fromEnvironmentWhenLowerCaseVariableWithoutSchemeThenHttpProxyOnPort() throws Exception {
        ProxyRoutePlanner planner = ProxyRoutePlanner.fromEnvironment(Map.of("https_proxy", "proxy.corp:8080"));

        assertThat(planner.determineProxy(new HttpHost("https", "adfs.example.com", 443), null))
                .isEqualTo(new HttpHost("http", "proxy.corp", 8080));
    }

    @Test
    void parseWhenNoHostThenRefused() {
        assertThatThrownBy(() -> ProxyRoutePlanner.parse("http://:3128"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("proxy must look like http://host:port");
    }
}
