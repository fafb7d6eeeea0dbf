#pragma once
// The chat pane (a dock on the right): a multi-turn conversation about the current canvas image.
// Shows the transcript and an input; Send and Stop stay disabled until a model is loaded.
// Thread affinity: GUI thread.

#include <QString>
#include <QWidget>

QT_BEGIN_NAMESPACE
class QCheckBox;
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

    void setModelLoaded(bool loaded);
    /// While an answer streams, Stop is enabled and Send is not.
    void setAnswering(bool answering);

    /// Appends a finished turn to the transcript (plain text; escaped here).
    void appendQuestion(const QString& text);
    void appendAnswer(const QString& text, const QString& stats);
    void clearTranscript();
    void clearDraft();

    /// Streaming: beginAnswer() opens an answer turn, appendAnswerText() adds streamed text at the
    /// end (no re-layout of earlier turns), finishAnswer() closes it with a statistics line.
    void beginAnswer();
    void appendAnswerText(const QString& text);
    void finishAnswer(const QString& stats);

    bool eventFilter(QObject* watched, QEvent* event) override;

Q_SIGNALS:
    void sendRequested(const QString& question, bool thinkMode);
    void stopRequested();

private:
    void buildUi();
    void updateState();
    void send();

    QTextBrowser* m_transcript = nullptr;
    QPlainTextEdit* m_input = nullptr;
    QCheckBox* m_think = nullptr;
    QPushButton* m_send = nullptr;
    QPushButton* m_stop = nullptr;
    QLabel* m_status = nullptr;
    bool m_modelLoaded = false;
    bool m_answering = false;
};

} // namespace hb::ui
