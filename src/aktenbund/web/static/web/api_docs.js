// Starts the vendored Swagger UI on /api/docs (no inline script: the page's CSP forbids it).
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const einstellungen = JSON.parse(document.getElementById("swagger-settings").textContent);
  const csrfToken = document.body.dataset.csrfToken;
  einstellungen.dom_id = "#swagger-ui";
  einstellungen.presets = [SwaggerUIBundle.presets.apis];
  if (csrfToken) {
    // Requests with the browser session need the CSRF token (docs/api.md).
    einstellungen.requestInterceptor = (anfrage) => {
      anfrage.headers["X-CSRFToken"] = csrfToken;
      return anfrage;
    };
  }
  SwaggerUIBundle(einstellungen);
});
