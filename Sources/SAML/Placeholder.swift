// SAML: placeholder, replaced by the SAML implementation.
