#ifndef PORTICO_CXMLSEC_SHIM_H
#define PORTICO_CXMLSEC_SHIM_H

// SwiftPM passes pkg-config's include paths but refuses its -D flags, so the configuration that
// `pkg-config --cflags xmlsec1-openssl` prints is repeated here; the headers' struct layouts depend on it.
#define __XMLSEC_FUNCTION__ __func__
#define XMLSEC_NO_SIZE_T 1
#define XMLSEC_OPENSSL3_ENGINES 1
#define XMLSEC_NO_GOST 1
#define XMLSEC_NO_GOST2012 1
#define XMLSEC_NO_CRYPTO_DYNAMIC_LOADING 1
#define XMLSEC_CRYPTO_OPENSSL 1

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlmemory.h>
#include <xmlsec/xmlsec.h>
#include <xmlsec/xmltree.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/templates.h>
#include <xmlsec/crypto.h>
#include <xmlsec/errors.h>

// Swift cannot call these: xmlFree is a macro over a per-thread function pointer in this libxml2 build,
// and xmlSecCheckVersion is a macro that compiles the header's version numbers into the check.
static inline void portico_xml_free(void *pointer) { xmlFree(pointer); }
static inline int portico_xmlsec_check_version(void) { return xmlSecCheckVersion(); }
#endif
