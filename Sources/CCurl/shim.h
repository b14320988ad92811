#ifndef PORTICO_CCURL_SHIM_H
#define PORTICO_CCURL_SHIM_H
#include <curl/curl.h>

// Only the types and constants are used from Swift: the functions are called through pointers that
// Sources/HTTPClient/CurlLibrary.swift resolves with dlsym, so that the binary does not link libcurl and an idle
// server does not carry it. An inline here that called a curl function by name would link it again.

/// The types of curl_easy_setopt and curl_easy_getinfo, which are variadic: Swift cannot call them, nor spell
/// their type, so the wrappers below take the resolved pointer and call it with one typed argument.
typedef CURLcode (*portico_curl_setopt_fn)(CURL *handle, CURLoption option, ...);
typedef CURLcode (*portico_curl_getinfo_fn)(CURL *handle, CURLINFO info, ...);

/// One wrapper per argument type that Portico passes.
static inline CURLcode portico_curl_setopt_long(portico_curl_setopt_fn setopt, CURL *handle, CURLoption option, long value) {
    return setopt(handle, option, value);
}

static inline CURLcode portico_curl_setopt_offset(portico_curl_setopt_fn setopt, CURL *handle, CURLoption option,
                                                  curl_off_t value) {
    return setopt(handle, option, value);
}

static inline CURLcode portico_curl_setopt_string(portico_curl_setopt_fn setopt, CURL *handle, CURLoption option,
                                                  const char *value) {
    return setopt(handle, option, value);
}

static inline CURLcode portico_curl_setopt_pointer(portico_curl_setopt_fn setopt, CURL *handle, CURLoption option,
                                                   void *value) {
    return setopt(handle, option, value);
}

static inline CURLcode portico_curl_setopt_callback(portico_curl_setopt_fn setopt, CURL *handle, CURLoption option,
                                                    curl_write_callback value) {
    return setopt(handle, option, value);
}

static inline CURLcode portico_curl_getinfo_long(portico_curl_getinfo_fn getinfo, CURL *handle, CURLINFO info, long *value) {
    return getinfo(handle, info, value);
}

/// CURL_GLOBAL_DEFAULT is a macro of macros that Swift does not import.
static inline long portico_curl_global_default(void) {
    return CURL_GLOBAL_DEFAULT;
}

#endif
