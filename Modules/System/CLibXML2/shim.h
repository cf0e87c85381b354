#pragma once
// Debian builds libxml2 with ICU, so its encoding.h pulls in the system's <unicode/*.h>, which clash with the ICU
// copy inside Swift's Foundation ("UErrorCode ... not present"). SciXML never touches the ICU-only members (the
// tail of xmlCharEncodingHandler, only ever used through a pointer), so the headers are read without them.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

// `xmlFree` is a mutable global function pointer (a macro in thread-alloc builds); Swift 6 refuses to touch
// shared mutable state, so strings libxml2 allocates are freed through this wrapper.
static inline void sci_xml_free(void *pointer) {
    xmlFree(pointer);
}

static void sci_xml_discard_message(void *context, const char *message, ...) {
    (void)context;
    (void)message;
}

// A few libxml2 paths (an unknown XPath function, some I/O failures) print through the generic error channel
// whatever the parser options say. That channel is per thread, so it is silenced around one call on one
// thread and then given back. Swift cannot hold a variadic function pointer, hence the struct.
typedef struct {
    xmlGenericErrorFunc function;
    void *context;
} sci_xml_error_channel;

static inline sci_xml_error_channel sci_xml_silence_thread(void) {
    sci_xml_error_channel saved = { xmlGenericError, xmlGenericErrorContext };
    xmlSetGenericErrorFunc(NULL, sci_xml_discard_message);
    return saved;
}

static inline void sci_xml_restore_thread(sci_xml_error_channel saved) {
    xmlSetGenericErrorFunc(saved.context, saved.function);
}
