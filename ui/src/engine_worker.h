#pragma once
// The engine-thread half of EngineClient. Private to ui/.
// Thread affinity: constructed on the GUI thread, then moved to the engine thread; its slots run
// there only, invoked through queued calls.

#include <QImage>
#include <QObject>
#include <QString>
#include <QStringList>
#include <atomic>
#include <memory>

#include "hyperbagel/engine/chat_session.h"
#include "hyperbagel/engine/checkpoint.h"
#include "hyperbagel/engine/generation.h"
#include "hyperbagel/engine/model.h"
#include "hyperbagel/ui/engine_client.h"

namespace hb::ui {

class EngineWorker : public QObject {
    Q_OBJECT

public:
    explicit EngineWorker(std::shared_ptr<const std::atomic<quint64>> latestInspect);

public Q_SLOTS:
    /// Runs hb::inspectCheckpoint unless a newer request (id) has been queued meanwhile.
    void inspect(quint64 requestId, const QString& folder);

    /// Loads a model, replacing the current one (and its session and generator).
    void loadModel(quint64 requestId, const QString& folder, const QString& device, const QString& precision);
    void unloadModel();
    /// Runs ChatSession::ask; `image` null means no image. The session is reset when the image
    /// (compared by cacheKey), think mode or `draft` (speculative decoding on or off) changes.
    void ask(quint64 requestId, const QString& question, const QImage& image, int maxTokens, bool think, bool draft,
             std::shared_ptr<std::atomic<bool>> cancel);
    void generate(quint64 requestId, const hb::ui::GenerateParams& params,
                  std::shared_ptr<std::atomic<bool>> cancel);

Q_SIGNALS:
    /// `maxImageSide` and `imageGrid`: the sizes the model generates; `hasDraft`, `draftByDefault` and
    /// `draftMeasured`: its speculative-decoding draft and the folder's advice (hb::ModelInfo).
    void modelLoaded(quint64 requestId, const QString& description, const QStringList& tiers, int maxImageSide,
                     int imageGrid, bool hasDraft, bool draftByDefault, const QString& draftMeasured);
    void modelLoadFailed(quint64 requestId, int errorCode, const QString& detail);
    void modelUnloaded();
    void tokens(quint64 requestId, const QString& text);
    void answered(const hb::ui::ChatAnswer& answer);
    void askFailed(quint64 requestId, int errorCode, const QString& detail);
    void progress(quint64 requestId, int step, int steps);
    void generated(const hb::ui::GeneratedImage& result);
    /// `tier` is the tier the request asked for.
    void generateFailed(quint64 requestId, int errorCode, const QString& detail, const QString& tier);

    void inspected(quint64 requestId, const QString& folder, const hb::CheckpointReport& report);
    /// `errorCode` is an hb::ErrorCode value; `detail` is the engine's English message.
    void failed(quint64 requestId, const QString& folder, int errorCode, const QString& detail);

private:
    bool isSuperseded(quint64 requestId) const;
    /// Resets the chat when `image` is not the one it holds; false (askFailed sent) when adding fails.
    bool prepareChat(quint64 requestId, const QImage& image, bool think, bool draft);
    void emitCancelledAnswer(quint64 requestId);

    std::shared_ptr<const std::atomic<quint64>> m_latestInspect;
    std::shared_ptr<hb::Model> m_model;
    std::unique_ptr<hb::ChatSession> m_chat;
    std::unique_ptr<hb::ImageGenerator> m_generator;
    qint64 m_chatImageKey = 0; ///< cacheKey of the image in m_chat; 0: none
    bool m_chatHasImage = false;
    bool m_chatThink = false;  ///< think mode of m_chat's conversation
    bool m_chatDraft = false;  ///< whether m_chat keeps a drafter (speculative decoding)
    /// The newest feathered mask, reused while live jobs keep the same mask and radius.
    QImage m_feathered;
    qint64 m_featheredKey = 0;
    int m_featheredRadius = -1;
};

/// RGB888 copy of an engine image / engine copy of any QImage (converted to RGB888).
QImage toQImage(const hb::Image& image);
hb::Image toEngineImage(const QImage& image);

} // namespace hb::ui
