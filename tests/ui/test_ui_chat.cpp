// The chat pane: Stop during a streamed answer leaves a usable chat (the next question is answered,
// on the real engine with the golden model); each answer gets its statistics line (tokens/s, and with
// the draft: tau, acceptance, saving in forwards); "Use as instruction" copies an answer into the
// prompt bar; the think toggle still gets an answer; the speculative-decoding toggle follows the
// loaded model's draft and the folder's advice, and decides whether answers are drafted.

#include <QCheckBox>
#include <QDir>
#include <QImage>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QTextBrowser>
#include <QUrl>

#include "hyperbagel/ui/chat_pane.h"
#include "hyperbagel/ui/engine_client.h"
#include "hyperbagel/ui/main_window.h"
#include "hyperbagel/ui/prompt_bar.h"

#include "ui_test_support.h"

using hb::ui::ChatAnswer;
using hb::ui::ChatPane;
using hb::ui::EngineClient;
using hb::ui::MainWindow;

namespace {
using hbuitest::goldenModel;
constexpr int kWaitMs = 60000;
} // namespace

class TestChat : public QObject {
    Q_OBJECT

private:
    EngineClient* m_engine = nullptr;
    MainWindow* m_window = nullptr;

    QString transcript() const {
        return m_window->findChild<QTextBrowser*>(QStringLiteral("chatTranscript"))->toPlainText();
    }

    /// Types `question` and clicks Send.
    void send(const QString& question) {
        m_window->findChild<QPlainTextEdit*>(QStringLiteral("chatInput"))->setPlainText(question);
        auto* sendButton = m_window->findChild<QPushButton*>(QStringLiteral("chatSendButton"));
        QVERIFY(sendButton->isEnabled());
        QTest::mouseClick(sendButton, Qt::LeftButton);
    }

private Q_SLOTS:
    void initTestCase() {
        m_engine = new EngineClient(this);
        m_window = new MainWindow(*m_engine);
        m_window->show();
        QSignalSpy loaded(m_engine, &EngineClient::modelLoaded);
        m_engine->loadModel(goldenModel(), QStringLiteral("cpu"), QStringLiteral("fp32"));
        QVERIFY(loaded.wait(kWaitMs));
        QImage image(32, 32, QImage::Format_RGB888);
        image.fill(Qt::darkCyan);
        m_window->openImage(image, QStringLiteral("cyan"));
    }

    void stopThenAskAgain() {
        auto* stop = m_window->findChild<QPushButton*>(QStringLiteral("chatStopButton"));
        auto* sendButton = m_window->findChild<QPushButton*>(QStringLiteral("chatSendButton"));
        QSignalSpy tokens(m_engine, &EngineClient::tokenReceived);
        QSignalSpy finished(m_engine, &EngineClient::answerFinished);
        QSignalSpy failed(m_engine, &EngineClient::answerFailed);
        send(QStringLiteral("Tell me a long story about this image."));
        QVERIFY(stop->isEnabled());
        QVERIFY(tokens.wait(kWaitMs)); // the answer is streaming
        QCOMPARE(finished.count(), 0);
        QTest::mouseClick(stop, Qt::LeftButton);
        QVERIFY(finished.wait(kWaitMs));
        const auto stopped = finished.first().at(0).value<ChatAnswer>();
        QVERIFY(stopped.cancelled);
        QVERIFY(!stop->isEnabled());
        QVERIFY2(transcript().contains(QStringLiteral("Stopped after")), qPrintable(transcript()));

        // The same conversation answers the next question.
        finished.clear();
        send(QStringLiteral("What colour is it?"));
        QVERIFY(!sendButton->isEnabled());
        QVERIFY(finished.wait(kWaitMs));
        QCOMPARE(failed.count(), 0);
        const auto answer = finished.first().at(0).value<ChatAnswer>();
        QVERIFY(!answer.cancelled);
        QVERIFY(answer.tokens > 0);
        QVERIFY(answer.tokensPerSecond > 0.0);
        QVERIFY(!answer.drafted); // the golden model has no draft: plain decoding, no tau shown
        QVERIFY2(transcript().contains(ChatPane::statsText(answer)), qPrintable(transcript()));
        QVERIFY(!transcript().contains(QStringLiteral("τ")));
    }

    void thinkToggleStillAnswers() {
        auto* think = m_window->findChild<QCheckBox*>(QStringLiteral("chatThink"));
        QVERIFY(think->isEnabled());
        think->setChecked(true);
        QSignalSpy finished(m_engine, &EngineClient::answerFinished);
        QSignalSpy failed(m_engine, &EngineClient::answerFailed);
        send(QStringLiteral("How many shapes are there?"));
        QVERIFY(finished.wait(kWaitMs));
        QCOMPARE(failed.count(), 0);
        // The transcript shows the question as typed; the think instruction is not the user's text.
        QVERIFY(transcript().contains(QStringLiteral("How many shapes are there?")));
        QVERIFY(!transcript().contains(QStringLiteral("reasoning process")));
        think->setChecked(false);
    }

    void useAsInstructionFillsThePromptBar() {
        ChatPane* pane = m_window->chatPane();
        ChatAnswer answer;
        answer.text = QStringLiteral("  make the circle green  ");
        answer.tokens = 6;
        answer.tokensPerSecond = 12.5;
        pane->beginAnswer();
        pane->appendAnswerText(answer.text);
        pane->finishAnswer(answer);
        QCOMPARE(pane->answers().constLast(), QStringLiteral("make the circle green"));
        const int index = static_cast<int>(pane->answers().size()) - 1;
        // The link under the answer, as a click on it delivers it.
        auto* browser = m_window->findChild<QTextBrowser*>(QStringLiteral("chatTranscript"));
        QVERIFY(browser->toHtml().contains(QStringLiteral("hb-answer:%1").arg(index)));
        Q_EMIT browser->anchorClicked(QUrl(QStringLiteral("hb-answer:%1").arg(index)));
        QCOMPARE(m_window->promptBar()->instruction(), QStringLiteral("make the circle green"));
    }

    void statisticsLines() {
        ChatAnswer plain;
        plain.tokens = 40;
        plain.tokensPerSecond = 20.0;
        QCOMPARE(ChatPane::statsText(plain), QStringLiteral("40 tokens · 20.0 tokens/s"));
        ChatAnswer drafted = plain;
        drafted.drafted = true;
        drafted.draftPlan = QStringLiteral("chain:4");
        drafted.cycles = 16;
        drafted.tau = 2.5;
        drafted.alpha = 0.6;
        QCOMPARE(ChatPane::statsText(drafted),
                 QStringLiteral("40 tokens · 20.0 tokens/s · draft chain:4: τ 2.50, α 0.60, 2.50× fewer model forwards"));
        ChatAnswer stopped;
        stopped.cancelled = true;
        stopped.tokens = 7;
        QCOMPARE(ChatPane::statsText(stopped), QStringLiteral("Stopped after 7 tokens."));
    }

    void cleanupTestCase() {
        delete m_window;
        m_window = nullptr;
    }

    // Runs last: it loads the bundled model in place of the golden one.
    void speculativeToggleFollowsTheModelsDraft() {
        auto* toggle = m_window->findChild<QCheckBox*>(QStringLiteral("chatSpeculative"));
        QVERIFY(toggle != nullptr);
        // The golden model has no draft: the toggle is off, disabled, and says why.
        QVERIFY(!toggle->isEnabled());
        QVERIFY(!toggle->isChecked());
        QVERIFY2(toggle->toolTip().contains(QStringLiteral("no draft")), qPrintable(toggle->toolTip()));

        // The bundled model has a draft, advised off on a CPU with the figures behind it.
        QSignalSpy loaded(m_engine, &EngineClient::modelLoaded);
        m_engine->loadModel(QStringLiteral(HB_BUNDLED_MODEL), QStringLiteral("cpu"), QStringLiteral("fp32"));
        QVERIFY(loaded.wait(kWaitMs));
        QVERIFY(m_engine->modelDraft().available);
        QVERIFY(toggle->isEnabled());
        QCOMPARE(toggle->isChecked(), m_engine->modelDraft().onByDefault);
        QVERIFY2(toggle->toolTip().contains(QStringLiteral("Measured on this device")), qPrintable(toggle->toolTip()));

        QImage image(64, 64, QImage::Format_RGB888);
        image.fill(Qt::gray);
        m_window->openImage(image, QStringLiteral("gray"));
        for (const bool drafting : {true, false}) {
            toggle->setChecked(drafting);
            QSignalSpy finished(m_engine, &EngineClient::answerFinished);
            QSignalSpy failed(m_engine, &EngineClient::answerFailed);
            send(QStringLiteral("Describe the image."));
            QVERIFY(finished.wait(kWaitMs));
            QCOMPARE(failed.count(), 0);
            const auto answer = finished.first().at(0).value<ChatAnswer>();
            QCOMPARE(answer.drafted, drafting);
            QVERIFY(answer.tokens > 0);
            // The statistics line under the answer shows tau only for a drafted answer.
            QCOMPARE(ChatPane::statsText(answer).contains(QStringLiteral("τ")), drafting);
            QVERIFY2(transcript().contains(ChatPane::statsText(answer)), qPrintable(transcript()));
        }
    }
};

QTEST_MAIN(TestChat)
#include "test_ui_chat.moc"
