import CXMLSec

// SAML: placeholder, replaced by the SAML implementation; this line only proves the module imports.
let xmlsecVersionCheck = xmlSecCheckVersionExt(1, 2, 37, xmlSecCheckVersionABICompatible)
