// TemplateEngine: placeholder, replaced by the TemplateEngine implementation.
