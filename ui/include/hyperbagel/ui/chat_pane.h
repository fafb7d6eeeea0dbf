#pragma once
// The chat pane (a dock on the right): a multi-turn conversation about the current canvas image.
// Shows the transcript and an input; Send and Stop stay disabled until a model is loaded. Each
// finished answer gets a statistics line (tokens/s; with the draft: tau, acceptance and the saving in
// model forwards) and a "Use as instruction" link that copies it into the prompt bar.
// Thread affinity: GUI thread.

#include <QString>
#include <QStringList>
#include <QWidget>

#include "hyperbagel/ui/engine_results.h"

QT_BEGIN_NAMESPACE
class QCheckBox;
class QUrl;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTextBrowser;
QT_END_NAMESPACE

namespace hb::ui {

class ChatPane : public QWidget {
    Q_OBJECT

public:
    explicit ChatPane(QWidget* parent = nullptr);

    QString draft() const;
    bool isThinkMode() const;
    /// Whether the speculative-decoding toggle is on (and the model has a draft).
    bool isDraftMode() const;

    void setModelLoaded(bool loaded);
    /// Offers the loaded model's draft: the toggle is enabled when it has one and starts at the
    /// folder's advice for this device; its tooltip carries the measurement behind the advice.
    void setDraftAvailable(const hb::ui::ModelDraftInfo& draft);
    /// While an answer streams, Stop is enabled and Send is not.
    void setAnswering(bool answering);

    /// Appends a finished turn to the transcript (plain text; escaped here).
    void appendQuestion(const QString& text);
    void appendAnswer(const QString& text, const QString& stats);
    void clearTranscript();
    void clearDraft();

    /// Streaming: beginAnswer() opens an answer turn, appendAnswerText() adds streamed text at the
    /// end (no re-layout of earlier turns), finishAnswer() closes it with statsText() and, unless it
    /// is empty, a "Use as instruction" link; failAnswer() closes it with an error message.
    void beginAnswer();
    void appendAnswerText(const QString& text);
    void finishAnswer(const hb::ui::ChatAnswer& answer);
    void failAnswer(const QString& message);

    /// Finished answers, oldest first (what "Use as instruction" copies).
    const QStringList& answers() const { return m_answers; }
    /// Emits useAsInstructionRequested() with answer `index`.
    void useAnswerAsInstruction(int index);
    /// One line of statistics for `answer`, translated.
    static QString statsText(const hb::ui::ChatAnswer& answer);

    bool eventFilter(QObject* watched, QEvent* event) override;

Q_SIGNALS:
    /// `thinkMode`: the think toggle was on (see MainWindow: the understanding think prompt is
    /// prepended to the question). `draftMode`: the speculative-decoding toggle was on.
    void sendRequested(const QString& question, bool thinkMode, bool draftMode);
    void stopRequested();
    void useAsInstructionRequested(const QString& text);

private:
    void buildUi();
    void updateState();
    void send();
    void onAnchorClicked(const QUrl& url);

    QTextBrowser* m_transcript = nullptr;
    QPlainTextEdit* m_input = nullptr;
    QCheckBox* m_think = nullptr;
    QCheckBox* m_speculative = nullptr;
    hb::ui::ModelDraftInfo m_draftInfo;
    QPushButton* m_send = nullptr;
    QPushButton* m_stop = nullptr;
    QLabel* m_status = nullptr;
    bool m_modelLoaded = false;
    bool m_answering = false;
    QStringList m_answers;
};

} // namespace hb::ui
