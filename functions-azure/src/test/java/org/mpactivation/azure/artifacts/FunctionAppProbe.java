package org.mpactivation.azure.artifacts;

import com.microsoft.azure.functions.ExecutionContext;
import java.util.logging.Logger;
import org.mpactivation.adapter.mail.Mailers;
import org.mpactivation.azure.AzureGraph;
import org.mpactivation.azure.AzureHost;
import org.mpactivation.azure.TimerFunctions;
import org.mpactivation.port.out.EmailMessage;

/**
 * Runs in a fresh JVM whose class path is the staged Function App (its jar and {@code lib/}), the
 * Functions worker's own library and this class alone: builds the functions' graph from the app settings
 * as the host does, both routers, then runs the reconciliation timer once, or sends one e-mail with the
 * configured transport. Every endpoint is unreachable, so an error answer is expected; a class that cannot
 * be found or linked is not.
 *
 * <p>Prints {@code constructed} and then {@code answered <summary>}; exits with 1 on any failure. It is its
 * own {@link ExecutionContext}, so that it stays one class file.
 */
public final class FunctionAppProbe implements ExecutionContext {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("mail")) {
            var mailer = Mailers.fromEnvironment(System.getenv());
            System.out.println("constructed " + mailer.getClass().getName());
            try {
                mailer.send(new EmailMessage("buyer@example.com", "probe", "probe"));
                System.out.println("answered sent");
            } catch (RuntimeException refused) {
                requireNoLinkageError(refused);
                System.out.println("answered " + refused.getClass().getName());
            }
            return;
        }
        AzureGraph graph = AzureHost.graph();
        graph.activationRouter();
        graph.webhookRouter();
        System.out.println("constructed " + graph.getClass().getName());
        try {
            new TimerFunctions().reconciliation("probe", new FunctionAppProbe());
            System.out.println("answered ran");
        } catch (RuntimeException failed) {
            requireNoLinkageError(failed);
            System.out.println("answered by throwing " + failed.getClass().getName());
        }
    }

    private static void requireNoLinkageError(RuntimeException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof LinkageError) {
                throw failure;
            }
        }
    }

    @Override
    public Logger getLogger() {
        return Logger.getLogger("probe");
    }

    @Override
    public String getInvocationId() {
        return "probe-invocation";
    }

    @Override
    public String getFunctionName() {
        return "reconciliation";
    }
}
