#ifndef PORTICO_CXMLSEC_SHIM_H
#define PORTICO_CXMLSEC_SHIM_H

// The configuration that `pkg-config --cflags xmlsec1-openssl` prints, whose include paths Package.swift
// names; SwiftPM would refuse these -D flags from pkg-config, and the headers' struct layouts depend on them.
#define __XMLSEC_FUNCTION__ __func__
#define XMLSEC_NO_SIZE_T 1
#define XMLSEC_OPENSSL3_ENGINES 1
#define XMLSEC_NO_GOST 1
#define XMLSEC_NO_GOST2012 1
#define XMLSEC_NO_CRYPTO_DYNAMIC_LOADING 1
#define XMLSEC_CRYPTO_OPENSSL 1

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/valid.h>
#include <libxml/xmlmemory.h>
#include <xmlsec/xmlsec.h>
#include <xmlsec/xmltree.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/xmlenc.h>
#include <xmlsec/keys.h>
#include <xmlsec/list.h>
#include <xmlsec/templates.h>
#include <xmlsec/crypto.h>
#include <xmlsec/errors.h>

// Only the types and constants are used from Swift: the functions are called through pointers that
// Sources/SAML/XMLSecurityLibrary.swift resolves with dlsym, so that the binary does not link libxml2 and
// xmlsec and an idle server does not carry them. An inline here that called one would link it again.
// Portico reads the global xmlFree variable; with per-thread allocators it would have to call __xmlFree().
#ifdef LIBXML_THREAD_ALLOC_ENABLED
#error "libxml2 built with per-thread allocators: XMLSecurityLibrary must resolve __xmlFree() instead of xmlFree"
#endif
#endif
