#include "hyperbagel/ui/chat_pane.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextCursor>
#include <QUrl>
#include <QVBoxLayout>

namespace hb::ui {
namespace {

QString joinTip(const QString& what, const QString& why) { return what + QLatin1Char('\n') + why; }

} // namespace

ChatPane::ChatPane(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("chatPane"));
    buildUi();
    updateState();
}

void ChatPane::buildUi() {
    m_transcript = new QTextBrowser(this);
    m_transcript->setObjectName(QStringLiteral("chatTranscript"));
    m_transcript->setOpenExternalLinks(false);
    m_transcript->setOpenLinks(false); // our own "hb-answer:N" links, handled below
    connect(m_transcript, &QTextBrowser::anchorClicked, this, &ChatPane::onAnchorClicked);
    m_transcript->setPlaceholderText(
        tr("Ask questions about the image on the canvas, e.g. “What colour is the car?”. "
           "Answers appear here, token by token, with their speed."));

    m_input = new QPlainTextEdit(this);
    m_input->setObjectName(QStringLiteral("chatInput"));
    m_input->setPlaceholderText(tr("Ask about the image… (Ctrl+Enter sends)"));
    m_input->setTabChangesFocus(true);
    m_input->setFixedHeight(m_input->fontMetrics().lineSpacing() * 3 + 16);
    m_input->installEventFilter(this);
    connect(m_input, &QPlainTextEdit::textChanged, this, &ChatPane::updateState);

    m_think = new QCheckBox(tr("&Think first"), this);
    m_think->setObjectName(QStringLiteral("chatThink"));
    m_speculative = new QCheckBox(tr("Speculative &decoding"), this);
    m_speculative->setObjectName(QStringLiteral("chatSpeculative"));

    m_stop = new QPushButton(tr("Stop"), this);
    m_stop->setObjectName(QStringLiteral("chatStopButton"));
    m_send = new QPushButton(tr("Send"), this);
    m_send->setObjectName(QStringLiteral("chatSendButton"));
    m_send->setDefault(true);
    connect(m_send, &QPushButton::clicked, this, &ChatPane::send);
    connect(m_stop, &QPushButton::clicked, this, &ChatPane::stopRequested);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("chatStatus"));
    m_status->setWordWrap(true);
    m_status->setEnabled(false);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_think);
    buttons->addWidget(m_speculative);
    buttons->addStretch(1);
    buttons->addWidget(m_stop);
    buttons->addWidget(m_send);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 8);
    layout->setSpacing(6);
    layout->addWidget(m_transcript, 1);
    layout->addWidget(m_status);
    layout->addWidget(m_input);
    layout->addLayout(buttons);
}

QString ChatPane::draft() const { return m_input->toPlainText(); }

bool ChatPane::isThinkMode() const { return m_think->isChecked(); }

bool ChatPane::isDraftMode() const { return m_draftInfo.available && m_speculative->isChecked(); }

void ChatPane::setDraftAvailable(const hb::ui::ModelDraftInfo& draft) {
    m_draftInfo = draft;
    m_speculative->setChecked(draft.available && draft.onByDefault);
    updateState();
}

void ChatPane::setModelLoaded(bool loaded) {
    m_modelLoaded = loaded;
    updateState();
}

void ChatPane::setAnswering(bool answering) {
    m_answering = answering;
    updateState();
}

void ChatPane::appendQuestion(const QString& text) {
    m_transcript->append(
        QStringLiteral("<p><b>%1</b><br/>%2</p>").arg(tr("You").toHtmlEscaped(), text.toHtmlEscaped()));
}

void ChatPane::appendAnswer(const QString& text, const QString& stats) {
    m_transcript->append(QStringLiteral("<p><b>%1</b><br/>%2<br/><small>%3</small></p>")
                             .arg(tr("BAGEL").toHtmlEscaped(), text.toHtmlEscaped(), stats.toHtmlEscaped()));
}

void ChatPane::clearTranscript() { m_transcript->clear(); }

void ChatPane::clearDraft() { m_input->clear(); }

void ChatPane::beginAnswer() {
    m_transcript->append(QStringLiteral("<b>%1</b>").arg(tr("BAGEL").toHtmlEscaped()));
    QTextCursor cursor(m_transcript->document());
    cursor.movePosition(QTextCursor::End);
    cursor.insertBlock(QTextBlockFormat(), QTextCharFormat());
}

void ChatPane::appendAnswerText(const QString& text) {
    QTextCursor cursor(m_transcript->document());
    cursor.movePosition(QTextCursor::End);
    cursor.insertText(text, QTextCharFormat());
    m_transcript->ensureCursorVisible();
}

void ChatPane::finishAnswer(const ChatAnswer& answer) {
    QString line = QStringLiteral("<small>%1</small>").arg(statsText(answer).toHtmlEscaped());
    if (!answer.text.trimmed().isEmpty()) {
        m_answers.append(answer.text.trimmed());
        line += QStringLiteral(" <small><a href=\"hb-answer:%1\">%2</a></small>")
                    .arg(m_answers.size() - 1)
                    .arg(tr("Use as instruction").toHtmlEscaped());
    }
    m_transcript->append(line);
}

void ChatPane::failAnswer(const QString& message) {
    m_transcript->append(QStringLiteral("<small>%1</small>").arg(message.toHtmlEscaped()));
}

void ChatPane::onAnchorClicked(const QUrl& url) {
    if (url.scheme() == QStringLiteral("hb-answer")) {
        useAnswerAsInstruction(url.path().toInt());
    }
}

void ChatPane::useAnswerAsInstruction(int index) {
    if (index >= 0 && index < m_answers.size()) {
        Q_EMIT useAsInstructionRequested(m_answers.at(index));
    }
}

QString ChatPane::statsText(const ChatAnswer& answer) {
    if (answer.cancelled) {
        return tr("Stopped after %1 tokens.").arg(answer.tokens);
    }
    const QString speed =
        tr("%1 tokens · %2 tokens/s").arg(answer.tokens).arg(answer.tokensPerSecond, 0, 'f', 1);
    if (!answer.drafted || answer.cycles <= 0) {
        return speed;
    }
    // Without a plain-decoding measurement the saving is stated in target-model forwards.
    const double fewer = static_cast<double>(answer.tokens) / static_cast<double>(answer.cycles);
    return tr("%1 · draft %2: τ %3, α %4, %5× fewer model forwards")
        .arg(speed, answer.draftPlan)
        .arg(answer.tau, 0, 'f', 2)
        .arg(answer.alpha, 0, 'f', 2)
        .arg(fewer, 0, 'f', 2);
}

bool ChatPane::eventFilter(QObject* watched, QEvent* event) {
    const bool keyEvent = event->type() == QEvent::KeyPress || event->type() == QEvent::ShortcutOverride;
    if (watched == m_input && keyEvent) {
        auto* key = static_cast<QKeyEvent*>(event);
        const bool enter = key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter;
        if (enter && key->modifiers().testFlag(Qt::ControlModifier)) {
            if (event->type() == QEvent::ShortcutOverride) {
                key->accept(); // Ctrl+Return sends here, whatever the window's shortcuts say
            } else {
                send();
            }
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void ChatPane::send() {
    const QString question = m_input->toPlainText().trimmed();
    if (!m_send->isEnabled() || question.isEmpty()) {
        return;
    }
    Q_EMIT sendRequested(question, m_think->isChecked(), isDraftMode());
}

void ChatPane::updateState() {
    const QString needModel = tr("A model must be loaded first (Model ▸ Model Manager…).");
    const bool hasDraft = !m_input->toPlainText().trimmed().isEmpty();

    m_send->setEnabled(m_modelLoaded && !m_answering && hasDraft);
    if (!m_modelLoaded) {
        m_send->setToolTip(joinTip(tr("Send the question (Ctrl+Enter)."), needModel));
    } else if (!hasDraft) {
        m_send->setToolTip(joinTip(tr("Send the question (Ctrl+Enter)."), tr("Type a question first.")));
    } else {
        m_send->setToolTip(tr("Send the question (Ctrl+Enter)."));
    }

    m_stop->setEnabled(m_modelLoaded && m_answering);
    m_stop->setToolTip(m_modelLoaded ? tr("Stop the answer that is being written.")
                                     : joinTip(tr("Stop the answer that is being written."), needModel));
    m_think->setEnabled(m_modelLoaded);
    const QString thinkWhat = tr("Let the model reason first, in think tags, before it answers (slower). "
                                 "Changing it starts a new conversation about the image.");
    m_think->setToolTip(m_modelLoaded ? thinkWhat : joinTip(thinkWhat, needModel));

    const bool canDraft = m_modelLoaded && m_draftInfo.available;
    m_speculative->setEnabled(canDraft);
    QString draftWhat = tr("The model's small draft proposes several tokens and the model checks them in one step: "
                           "the same answer, sooner on hardware that suits it. "
                           "Changing it starts a new conversation about the image.");
    if (!m_draftInfo.measured.isEmpty()) {
        draftWhat = joinTip(draftWhat, tr("Measured on this device: %1").arg(m_draftInfo.measured));
    }
    if (!m_modelLoaded) {
        draftWhat = joinTip(draftWhat, needModel);
    } else if (!m_draftInfo.available) {
        draftWhat = joinTip(draftWhat, tr("This model has no draft (hyperbagel-cli draft train makes one)."));
    }
    m_speculative->setToolTip(draftWhat);

    m_status->setText(m_modelLoaded ? QString() : tr("Chat needs a loaded model."));
    m_status->setVisible(!m_modelLoaded);
}

} // namespace hb::ui
