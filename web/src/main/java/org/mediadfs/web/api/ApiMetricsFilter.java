package org.mediadfs.web.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;
import org.mediadfs.web.metrics.WebMetrics;

/** Counts every API answer by status ({@code mediadfs_api_requests}). */
@Provider
public class ApiMetricsFilter implements ContainerResponseFilter {
  @Inject WebMetrics metrics;

  @Override
  public void filter(ContainerRequestContext req, ContainerResponseContext res) {
    metrics.apiRequest(res.getStatus());
  }
}
