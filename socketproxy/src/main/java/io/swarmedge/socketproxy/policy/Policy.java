package io.swarmedge.socketproxy.policy;

import io.netty.handler.codec.http.HttpMethod;
import io.swarmedge.socketproxy.http.ApiPath;

/** Decides, from the method and the canonical path alone, what happens to a request. Deny by default. */
public sealed interface Policy permits TecnativaPolicy, EdgePolicy {
    /**
     * @param upgrade whether the request asks for a hijacked connection ({@code Upgrade: tcp})
     */
    Verdict decide(HttpMethod method, ApiPath path, boolean upgrade);

    /** A one-line description for the startup log. */
    String describe();

    /** Whether {@code path} is one of the two endpoints Docker hijacks ({@code attach}, {@code exec start}). */
    static boolean isHijackEndpoint(ApiPath path) {
        var s = path.segments();
        return (s.size() == 3 && s.get(0).equals("containers") && s.get(2).equals("attach"))
                || (s.size() == 3 && s.get(0).equals("exec") && s.get(2).equals("start"));
    }

    /** GET or HEAD: the methods Tecnativa allows without {@code POST=1}. */
    static boolean isRead(HttpMethod method) {
        return method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD);
    }
}
