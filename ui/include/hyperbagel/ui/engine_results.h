#pragma once
// What EngineClient hands back to the GUI: one finished image, one failed generation, one finished
// chat answer. Plain values, copied into queued signals (the images are implicitly shared QImages).
// Thread safety: plain values; safe to copy between threads.

#include <QImage>
#include <QMetaType>
#include <QString>

#include "hyperbagel/engine/error.h"

namespace hb::ui {

/// A finished text-to-image run or edit, with what made it (for the overlay, the history and the
/// session folder).
struct GeneratedImage {
    quint64 requestId = 0; ///< EngineClient::generate()'s return value
    QImage image;          ///< RGB888, full resolution
    QString prompt;
    QString tier;          ///< "preview", "fast" or "full"
    int steps = 0;         ///< denoising steps the sampler ran
    quint64 seed = 0;
    double elapsedMs = 0;  ///< wall time on the engine thread, from start to the converted image
    bool edit = false;     ///< an edit of GenerateParams::input (else text-to-image)
    int sourceNode = 0;    ///< GenerateParams::sourceNode, passed through untouched
    QString model;         ///< the model folder's name (e.g. "shapeworld"); empty when unknown
    bool masked = false;   ///< blended over the input through GenerateParams::mask
};

/// A generation that ended without an image.
struct GenerationFailure {
    quint64 requestId = 0;
    QString message; ///< translated summary plus the engine's English detail
    ErrorCode code = ErrorCode::Internal;
    QString tier;    ///< the tier that was asked for

    bool cancelled() const { return code == ErrorCode::Cancelled; }
};

/// The loaded model's speculative-decoding draft, as the chat pane offers it.
struct ModelDraftInfo {
    bool available = false;   ///< the model folder has a draft
    bool onByDefault = false; ///< the folder's measured advice for this device (hb::ModelInfo)
    QString measured;         ///< the measurement behind the advice, in words; empty when none
};

/// A finished (or stopped) chat answer and its decoding statistics (hb::AskResult).
struct ChatAnswer {
    quint64 requestId = 0;
    QString text;
    bool cancelled = false;
    double tokensPerSecond = 0;
    qint64 tokens = 0;    ///< produced tokens
    bool drafted = false; ///< decoded speculatively with the model's draft
    QString draftPlan;    ///< e.g. "chain:4"
    qint64 cycles = 0;    ///< draft-and-verify cycles (target forwards while decoding)
    double tau = 0;       ///< mean tokens per cycle, the bonus token included
    double alpha = 0;     ///< fitted acceptance rate
};

} // namespace hb::ui

Q_DECLARE_METATYPE(hb::ui::GeneratedImage)
Q_DECLARE_METATYPE(hb::ui::GenerationFailure)
Q_DECLARE_METATYPE(hb::ui::ChatAnswer)
