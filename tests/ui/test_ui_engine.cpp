// EngineClient with the golden model: loading on the engine thread, a streamed chat answer, a small
// text-to-image run, an edit, cancellation, and the "no distilled tier" error for the Fast tier.

#include <QComboBox>
#include <QDir>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTest>
#include <QTextBrowser>

#include "hyperbagel/ui/canvas_view.h"
#include "hyperbagel/ui/engine_client.h"
#include "hyperbagel/ui/history_panel.h"
#include "hyperbagel/ui/main_window.h"

#include "ui_test_support.h"

using hb::ui::ChatAnswer;
using hb::ui::EngineClient;
using hb::ui::GeneratedImage;
using hb::ui::GenerateParams;
using hb::ui::GenerationFailure;

namespace {
using hbuitest::goldenModel;
constexpr int kWaitMs = 60000;

GenerateParams smallRequest() {
    GenerateParams params;
    params.prompt = QStringLiteral("a red apple");
    params.width = 32;
    params.height = 32;
    params.timesteps = 4;
    params.seed = 7;
    return params;
}
} // namespace

class TestUiEngine : public QObject {
    Q_OBJECT

private:
    EngineClient* m_engine = nullptr;

private Q_SLOTS:
    void initTestCase() {
        m_engine = new EngineClient(this);
        QSignalSpy loaded(m_engine, &EngineClient::modelLoaded);
        QSignalSpy failed(m_engine, &EngineClient::modelLoadFailed);
        m_engine->loadModel(goldenModel(), QStringLiteral("cpu"), QStringLiteral("fp32"));
        QVERIFY(m_engine->isLoading());
        QVERIFY(loaded.wait(kWaitMs));
        QCOMPARE(failed.count(), 0);
        QVERIFY(!m_engine->isLoading());
        QVERIFY(m_engine->isModelLoaded());
        const QString summary = loaded.first().at(1).toString();
        QVERIFY2(summary.startsWith(QStringLiteral("model: ")), qPrintable(summary));
        QVERIFY(m_engine->modelDescription().contains(QStringLiteral("cpu")));
    }

    void loadMissingFolderFails() {
        EngineClient engine;
        QSignalSpy failed(&engine, &EngineClient::modelLoadFailed);
        engine.loadModel(QDir::cleanPath(goldenModel() + QStringLiteral("/../no-such-model")),
                         QStringLiteral("cpu"), QStringLiteral("fp32"));
        QVERIFY(failed.wait(kWaitMs));
        QVERIFY(!failed.first().at(0).toString().isEmpty());
        QVERIFY(!engine.isModelLoaded());
    }

    void askStreamsTokens() {
        QSignalSpy tokens(m_engine, &EngineClient::tokenReceived);
        QSignalSpy finished(m_engine, &EngineClient::answerFinished);
        QSignalSpy failed(m_engine, &EngineClient::answerFailed);
        QImage image(32, 32, QImage::Format_RGB888);
        image.fill(Qt::darkGreen);
        m_engine->ask(QStringLiteral("What is this?"), image, 12);
        QVERIFY(m_engine->isAnswering());
        QVERIFY(finished.wait(kWaitMs));
        QCOMPARE(failed.count(), 0);
        QVERIFY(!m_engine->isAnswering());
        const auto answer = finished.first().at(0).value<ChatAnswer>();
        QVERIFY(!answer.cancelled);
        QString streamed;
        for (const QList<QVariant>& args : tokens) {
            streamed += args.at(0).toString();
        }
        QCOMPARE(streamed, answer.text);
        QVERIFY(answer.tokensPerSecond >= 0.0);
        QVERIFY(answer.tokens > 0);
        QVERIFY(!answer.drafted); // the golden model has no draft
    }

    void askCancelled() {
        QSignalSpy finished(m_engine, &EngineClient::answerFinished);
        QSignalSpy failed(m_engine, &EngineClient::answerFailed);
        m_engine->ask(QStringLiteral("Describe it."), QImage(), 400);
        m_engine->cancelAsk(); // before it starts: the flag is checked before every forward
        QVERIFY(finished.wait(kWaitMs));
        QCOMPARE(failed.count(), 0);
        QVERIFY(finished.first().at(0).value<ChatAnswer>().cancelled);
    }

    void askCancelledWhileStreaming() {
        QSignalSpy tokens(m_engine, &EngineClient::tokenReceived);
        QSignalSpy finished(m_engine, &EngineClient::answerFinished);
        m_engine->ask(QStringLiteral("Tell me a long story."), QImage(), 100000);
        QVERIFY(tokens.wait(kWaitMs));
        QCOMPARE(finished.count(), 0);
        m_engine->cancelAsk(); // from the GUI thread while the engine thread decodes
        QVERIFY(finished.wait(kWaitMs));
        QVERIFY(finished.first().at(0).value<ChatAnswer>().cancelled);
    }

    void generateSmallImage() {
        QSignalSpy generated(m_engine, &EngineClient::imageGenerated);
        QSignalSpy failed(m_engine, &EngineClient::generationFailed);
        QSignalSpy progress(m_engine, &EngineClient::generationProgress);
        const quint64 requestId = m_engine->generate(smallRequest());
        QVERIFY(m_engine->isGenerating());
        QCOMPARE(m_engine->latestGenerationId(), requestId);
        QVERIFY2(generated.wait(kWaitMs),
                 failed.isEmpty() ? "" : qPrintable(failed.first().at(0).value<GenerationFailure>().message));
        const auto result = generated.first().at(0).value<GeneratedImage>();
        QCOMPARE(result.image.size(), QSize(32, 32));
        QCOMPARE(result.seed, quint64(7));
        QCOMPARE(result.requestId, requestId);
        QCOMPARE(result.prompt, QStringLiteral("a red apple"));
        QCOMPARE(result.tier, QStringLiteral("full"));
        QCOMPARE(result.steps, 3); // 4 sampler points
        QVERIFY(!result.edit);
        QVERIFY(result.elapsedMs > 0.0);
        QVERIFY(!progress.isEmpty());
        QVERIFY(!m_engine->isGenerating());
    }

    void editReturnsImage() {
        QSignalSpy generated(m_engine, &EngineClient::imageGenerated);
        QSignalSpy failed(m_engine, &EngineClient::generationFailed);
        GenerateParams params = smallRequest();
        params.input = QImage(32, 32, QImage::Format_RGB888);
        params.input.fill(Qt::blue);
        params.prompt = QStringLiteral("make it red");
        params.sourceNode = 42;
        m_engine->generate(params);
        QVERIFY2(generated.wait(kWaitMs),
                 failed.isEmpty() ? "" : qPrintable(failed.first().at(0).value<GenerationFailure>().message));
        // The engine snaps an edit's size to its latent grid (at least 64 px on the golden model).
        const auto result = generated.first().at(0).value<GeneratedImage>();
        QVERIFY(!result.image.isNull());
        QVERIFY(result.edit);
        QCOMPARE(result.sourceNode, 42);
    }

    void newerGenerationSupersedesOlder() {
        QSignalSpy generated(m_engine, &EngineClient::imageGenerated);
        QSignalSpy failed(m_engine, &EngineClient::generationFailed);
        GenerateParams older = smallRequest();
        older.timesteps = 50;
        m_engine->generate(older);
        GenerateParams newer = smallRequest();
        newer.seed = 9;
        m_engine->generate(newer);
        QVERIFY(generated.wait(kWaitMs));
        QTest::qWait(100);
        QCOMPARE(generated.count(), 1);
        QCOMPARE(failed.count(), 0); // the older one's result (cancelled) is dropped
        QCOMPARE(generated.first().at(0).value<GeneratedImage>().seed, quint64(9));
    }

    void generationCancelled() {
        QSignalSpy failed(m_engine, &EngineClient::generationFailed);
        GenerateParams params = smallRequest();
        params.timesteps = 50;
        m_engine->generate(params);
        m_engine->cancelGeneration();
        QVERIFY(failed.wait(kWaitMs));
        QVERIFY(failed.first().at(0).value<GenerationFailure>().cancelled());
    }

    void fastTierHasNoDistilledModel() {
        QSignalSpy failed(m_engine, &EngineClient::generationFailed);
        GenerateParams params = smallRequest();
        params.tier = QStringLiteral("fast");
        m_engine->generate(params);
        QVERIFY(failed.wait(kWaitMs));
        const auto failure = failed.first().at(0).value<GenerationFailure>();
        QVERIFY(!failure.cancelled());
        QVERIFY(failure.code == hb::ErrorCode::Unsupported);
        QCOMPARE(failure.tier, QStringLiteral("fast"));
        QVERIFY2(failure.message.contains(QStringLiteral("no distilled")), qPrintable(failure.message));
    }

    /// The main window with a loaded model: chat streams into the transcript, Edit shows the result
    /// on the canvas, Apply adds it to the history, and the Fast tier reports the missing tier.
    void mainWindowUsesTheEngine() {
        EngineClient engine;
        hb::ui::MainWindow window(engine);
        window.show();
        QSignalSpy loaded(&engine, &EngineClient::modelLoaded);
        engine.loadModel(goldenModel(), QStringLiteral("cpu"), QStringLiteral("fp32"));
        QVERIFY(loaded.wait(kWaitMs));
        auto* state = window.findChild<QLabel*>(QStringLiteral("modelStateLabel"));
        QVERIFY2(state->text().contains(QStringLiteral("Model loaded: model: ")), qPrintable(state->text()));

        QImage image(32, 32, QImage::Format_RGB888);
        image.fill(Qt::yellow);
        window.openImage(image, QStringLiteral("yellow"));
        QCOMPARE(window.historyPanel()->entryCount(), 1);

        // Chat: Send streams the answer, then shows tokens/s; Send comes back, Stop goes away.
        auto* input = window.findChild<QPlainTextEdit*>(QStringLiteral("chatInput"));
        auto* send = window.findChild<QPushButton*>(QStringLiteral("chatSendButton"));
        auto* stop = window.findChild<QPushButton*>(QStringLiteral("chatStopButton"));
        input->setPlainText(QStringLiteral("What colour is it?"));
        QVERIFY(send->isEnabled());
        QSignalSpy answered(&engine, &EngineClient::answerFinished);
        QTest::mouseClick(send, Qt::LeftButton);
        QVERIFY(stop->isEnabled());
        QVERIFY(!send->isEnabled());
        QVERIFY(answered.wait(kWaitMs));
        QVERIFY(!stop->isEnabled());
        const QString transcript =
            window.findChild<QTextBrowser*>(QStringLiteral("chatTranscript"))->toPlainText();
        QVERIFY2(transcript.contains(QStringLiteral("tokens/s")), qPrintable(transcript));
        QVERIFY(transcript.contains(QStringLiteral("What colour is it?")));

        // Edit with the Full tier: the result replaces the canvas image; Apply keeps it.
        window.findChild<QLineEdit*>(QStringLiteral("promptInstruction"))
            ->setText(QStringLiteral("make it blue"));
        auto* tier = window.findChild<QComboBox*>(QStringLiteral("tierSelector"));
        tier->setCurrentIndex(tier->findData(QStringLiteral("full")));
        window.findChild<QSpinBox*>(QStringLiteral("seedSpin"))->setValue(5);
        QSignalSpy generated(&engine, &EngineClient::imageGenerated);
        QTest::mouseClick(window.findChild<QPushButton*>(QStringLiteral("editButton")), Qt::LeftButton);
        QVERIFY(generated.wait(kWaitMs));
        const auto edited = generated.first().at(0).value<GeneratedImage>();
        QCOMPARE(edited.seed, quint64(5));
        QCOMPARE(window.canvas()->image(), edited.image);
        QCOMPARE(window.canvas()->baseImage(), image); // the result is shown over the current node
        auto* apply = window.findChild<QPushButton*>(QStringLiteral("applyButton"));
        QVERIFY(apply->isEnabled());
        QTest::mouseClick(apply, Qt::LeftButton);
        QCOMPARE(window.historyPanel()->entryCount(), 2);
        QVERIFY(!apply->isEnabled());
        QCOMPARE(window.canvas()->baseImage(), edited.image); // the applied result is the new node

        // Fast tier: the golden model has no distilled tier; the status bar says so.
        tier->setCurrentIndex(tier->findData(QStringLiteral("fast")));
        QSignalSpy failed(&engine, &EngineClient::generationFailed);
        QTest::mouseClick(window.findChild<QPushButton*>(QStringLiteral("generateButton")), Qt::LeftButton);
        QVERIFY(failed.wait(kWaitMs));
        QVERIFY2(window.statusBar()->currentMessage().contains(QStringLiteral("no distilled")),
                 qPrintable(window.statusBar()->currentMessage()));
    }

    void unload() {
        QSignalSpy unloaded(m_engine, &EngineClient::modelUnloaded);
        m_engine->unloadModel();
        QVERIFY(!m_engine->isModelLoaded());
        QVERIFY(unloaded.wait(kWaitMs));
        QSignalSpy failed(m_engine, &EngineClient::generationFailed);
        m_engine->generate(smallRequest());
        QVERIFY(failed.wait(kWaitMs));
        QVERIFY(!failed.first().at(0).value<GenerationFailure>().cancelled());
    }
};

QTEST_MAIN(TestUiEngine)
#include "test_ui_engine.moc"
