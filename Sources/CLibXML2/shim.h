#ifndef REMIT_CLIBXML2_SHIM_H
#define REMIT_CLIBXML2_SHIM_H

// The parts of libxml2 that RemitISO20022 uses: document parsing and XSD validation.
#include <libxml/xmlversion.h>

// Debian builds libxml2 with ICU, so <libxml/encoding.h> would pull the system's ICU headers
// into this module. Foundation on Linux carries its own copy of ICU's headers (_FoundationICU)
// whose `UErrorCode` has more members, and clang refuses a Swift file that sees both. Nothing
// here uses ICU: the only thing the macro adds to a header is two pointer members at the end of
// `xmlCharEncodingHandler`, which Remit never touches (it is only ever used through a pointer).
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

// libxml2 keeps the structured error handler in per-thread globals reached through macros,
// which Swift cannot import. These read it, so a validation can install its own handler for
// one synchronous call and leave the thread as it found it.
static inline xmlStructuredErrorFunc remit_xml_current_structured_error(void) {
    return xmlStructuredError;
}

static inline void *remit_xml_current_structured_error_context(void) {
    return xmlStructuredErrorContext;
}

#endif
