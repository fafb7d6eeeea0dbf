#pragma once
// Maps engine error codes to translated, user-facing text (style rule 30). Error::message stays
// English developer detail and is appended for the "details" part only.
// Thread affinity: GUI thread (uses the installed translators).

#include <QCoreApplication>
#include <QString>

#include "hyperbagel/engine/error.h"

namespace hb::ui {

class ErrorText {
    Q_DECLARE_TR_FUNCTIONS(ErrorText)

public:
    /// One translated sentence for `code`, e.g. "The file or folder does not exist."
    static QString summary(ErrorCode code);
    /// summary() followed by the engine's detail on a new line (when there is one).
    static QString describe(const Error& error);
    /// False for Cancelled: a cancellation is not shown as an error.
    static bool isReportable(ErrorCode code) { return code != ErrorCode::Cancelled; }
};

} // namespace hb::ui
