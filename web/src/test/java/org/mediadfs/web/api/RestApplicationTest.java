package org.mediadfs.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.junit.jupiter.api.Test;

class RestApplicationTest {
  @Test
  void theOpenApiDocumentIsTitledVersionedAndDescribedAsMediadfsNotPayarasDefault() {
    OpenAPIDefinition definition = RestApplication.class.getAnnotation(OpenAPIDefinition.class);
    assertThat(definition).isNotNull();
    Info info = definition.info();
    assertThat(info.title()).contains("mediadfs").isNotEqualTo("Deployed Resources");
    assertThat(info.version()).matches("\\d+\\.\\d+\\.\\d+");
    assertThat(info.description()).contains("/api/health").contains("admin");
  }
}
