package org.mpactivation.aws.snapstart;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mpactivation.adapter.mail.MailSettings;
import org.mpactivation.adapter.mail.SesSettings;
import org.mpactivation.adapter.security.Argon2PasswordHasher;
import org.mpactivation.application.HourlyMetering;
import org.mpactivation.application.Reconciliation;
import org.mpactivation.application.RenewalCheck;
import org.mpactivation.aws.AwsFunctions;
import org.mpactivation.aws.AwsSettings;
import org.mpactivation.port.in.NoticeReceiver;
import org.mpactivation.web.Router;

/**
 * Each Lambda function's object graph with its SnapStart hooks: what the function serves with, built on
 * renewable connections, and the primers for exactly what that function uses.
 */
public final class SnapStartFunctions {

    private SnapStartFunctions() {
    }

    public static PrimedFunction<Router> fulfillment(Map<String, String> env, AwsConnections connections) {
        AwsSettings settings = AwsSettings.fromEnvironment(env);
        Router router = AwsFunctions.fulfillment(settings, connections).router();
        return new PrimedFunction<>(router, fulfillmentPriming(settings, router, connections));
    }

    /** ResolveCustomer (and GetEntitlements), the store, the error pages, the JSON mapping. */
    public static HandlerPriming fulfillmentPriming(AwsSettings settings, Router router, AwsConnections connections) {
        List<Primer> primers = new ArrayList<>(List.of(SdkPrimers.dynamoDb(settings), MarketplacePrimers.marketplace(settings),
                Primers.router(router), Primers.pages(Primers.ERROR_PAGES), Primers.json()));
        return new HandlerPriming("fulfillment", connections, primers, List.of());
    }

    public static PrimedFunction<Router> activation(Map<String, String> env, AwsConnections connections) {
        AwsSettings settings = AwsSettings.fromEnvironment(env);
        MailSettings mail = MailSettings.fromEnvironment(env);
        Router router = AwsFunctions.activationPages(settings, mail, connections).router();
        return new PrimedFunction<>(router, activationPriming(settings, mail, router, connections));
    }

    /**
     * The store, SES where it sends the mail (SMTP cannot be primed without a server), every page in both
     * languages, the JSON mapping and password hashing; after a restore, the salts' generator is re-seeded too.
     */
    public static HandlerPriming activationPriming(AwsSettings settings, MailSettings mail, Router router,
                                                   AwsConnections connections) {
        List<Primer> primers = new ArrayList<>(List.of(SdkPrimers.dynamoDb(settings), Primers.router(router),
                Primers.pages(Primers.ACTIVATION_PAGES), Primers.json(), Primers.passwords()));
        if (mail instanceof SesSettings ses) {
            primers.add(SdkPrimers.ses(settings, ses));
        }
        return new HandlerPriming("activation", connections, primers, List.of(Argon2PasswordHasher::reseedSalts));
    }

    public static PrimedFunction<Router> usage(Map<String, String> env, AwsConnections connections) {
        AwsSettings settings = AwsSettings.fromEnvironment(env);
        Router router = AwsFunctions.usageRouter(settings, connections);
        return new PrimedFunction<>(router, new HandlerPriming("usage", connections, List.of(
                SdkPrimers.dynamoDb(settings), Primers.router(router), Primers.json()), List.of()));
    }

    public static PrimedFunction<HourlyMetering> metering(Map<String, String> env, AwsConnections connections) {
        AwsSettings settings = AwsSettings.fromEnvironment(env);
        return new PrimedFunction<>(AwsFunctions.hourlyMetering(settings, connections), new HandlerPriming("metering",
                connections, List.of(SdkPrimers.dynamoDb(settings), MarketplacePrimers.metering(settings), Primers.json()),
                List.of()));
    }

    public static PrimedFunction<RenewalCheck> renewal(Map<String, String> env, AwsConnections connections) {
        AwsSettings settings = AwsSettings.fromEnvironment(env);
        return new PrimedFunction<>(AwsFunctions.renewalCheck(settings, connections), new HandlerPriming("renewal",
                connections, List.of(SdkPrimers.dynamoDb(settings), MarketplacePrimers.entitlements(settings)), List.of()));
    }

    public static PrimedFunction<Reconciliation> reconciliation(Map<String, String> env, AwsConnections connections) {
        AwsSettings settings = AwsSettings.fromEnvironment(env);
        return new PrimedFunction<>(AwsFunctions.reconciliation(settings, connections), new HandlerPriming(
                "reconciliation", connections, List.of(SdkPrimers.dynamoDb(settings)), List.of()));
    }

    public static PrimedFunction<NoticeReceiver> notices(Map<String, String> env, AwsConnections connections) {
        return notices(env, connections, List.of());
    }

    /** @param renewals what the handler holds besides the connections that is renewed after a restore */
    public static PrimedFunction<NoticeReceiver> notices(Map<String, String> env, AwsConnections connections,
                                                         List<Runnable> renewals) {
        AwsSettings settings = AwsSettings.fromEnvironment(env);
        return new PrimedFunction<>(AwsFunctions.noticeReceiver(settings, connections), new HandlerPriming("notices",
                connections, List.of(SdkPrimers.dynamoDb(settings), MarketplacePrimers.entitlements(settings), Primers.json()),
                renewals));
    }
}
