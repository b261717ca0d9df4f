package org.mpactivation.aws;

import java.util.List;
import java.util.Map;

/**
 * The fields of an API Gateway HTTP API / function URL event (payload format 2.0) that the functions read,
 * as {@link HttpApiEvents} takes them from the invocation's bytes. Our own type rather than the
 * aws-lambda-java-events class: reading it needs the streaming parser only, not a data-binding mapper.
 * Every field that the event may leave out is null here when it does.
 *
 * @param cookies the request's cookies, one {@code name=value} each, as API Gateway splits them
 * @param headers the headers as sent, names as API Gateway gives them (lower case); repeated ones joined
 */
public record HttpApiEvent(String version, String routeKey, String rawPath, String rawQueryString,
                           List<String> cookies, Map<String, String> headers,
                           Map<String, String> queryStringParameters, RequestContext requestContext, String body,
                           boolean isBase64Encoded) {

    /**
     * {@code requestContext}: the request id that API Gateway's access log names, and the IAM caller where the
     * route has IAM authorization ({@code authorizer.iam.userArn}).
     */
    public record RequestContext(String requestId, String domainName, Http http, String iamUserArn) {
    }

    /** {@code requestContext.http}: the method, and the caller's address as API Gateway saw it. */
    public record Http(String method, String path, String protocol, String sourceIp, String userAgent) {
    }
}
