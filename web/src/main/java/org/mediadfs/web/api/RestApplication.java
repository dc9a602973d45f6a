package org.mediadfs.web.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

/**
 * The management API at {@code /api}: JSON (JSON-B over records), errors as RFC 9457 problem
 * details ({@link ProblemMapper}), HTTP Basic or bearer tokens ({@code MediadfsAuthentication}),
 * the admin role for everything that changes or reveals the cluster ({@link RequireRole}). Payara
 * serves its OpenAPI document at {@code /openapi}, titled and described here (without it Payara
 * names the document "Deployed Resources"); {@code info.version} is the application's release, kept
 * in step with the project's version.
 */
@ApplicationPath("/api")
@OpenAPIDefinition(
    info =
        @Info(
            title = "mediadfs management API",
            version = "0.1.0",
            description =
                "Manage a mediadfs cluster: groups and storage nodes, files (list, stat, delete,"
                    + " restore, purge, signed links), app IDs, accounts and API tokens, and"
                    + " signed-link keys. Sign in with HTTP Basic or a bearer token: /api/health"
                    + " is public, /api/users/me and /api/tokens take any account, everything else"
                    + " the admin role. Errors are RFC 9457 problem details."))
public class RestApplication extends Application {}
