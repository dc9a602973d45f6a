package org.mediadfs.web.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The management API at {@code /api}: JSON (JSON-B over records), errors as RFC 9457 problem
 * details ({@link ProblemMapper}), HTTP Basic or bearer tokens ({@code MediadfsAuthentication}),
 * the admin role for everything that changes or reveals the cluster ({@link RequireRole}). Payara
 * serves its OpenAPI document at {@code /openapi}.
 */
@ApplicationPath("/api")
public class RestApplication extends Application {}
