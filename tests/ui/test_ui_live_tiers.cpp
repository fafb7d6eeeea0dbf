// Live mode on the real engine with distilled tiers (tiered_model_fixture.h: the golden model plus a
// Preview and a Fast tier): a prompt change paints a Preview result first; when the input stays idle
// the same seed and prompt are refined in place by the Fast tier and then by Full; the overlay and the
// status bar name each tier. With a Full-only model (the golden one) the live stage is the labelled
// short Full run ("Full · N steps").

#include <QCheckBox>
#include <QComboBox>
#include <QImage>
#include <QLineEdit>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

#include "hyperbagel/ui/canvas_view.h"
#include "hyperbagel/ui/engine_client.h"
#include "hyperbagel/ui/history_model.h"
#include "hyperbagel/ui/live_controller.h"
#include "hyperbagel/ui/main_window.h"
#include "hyperbagel/ui/prompt_bar.h"

#include "tiered_model_fixture.h"
#include "ui_test_support.h"

using hb::ui::EngineClient;
using hb::ui::GeneratedImage;
using hb::ui::LiveController;
using hb::ui::LiveStage;
using hb::ui::MainWindow;

namespace {

constexpr int kWaitMs = 90000;
constexpr int kPreviewTimesteps = 4; ///< the Full-only fallback's live stage: 3 steps
constexpr int kFullTimesteps = 8;    ///< the final Full refine: 7 steps, short for the test's sake

/// A painted result and what the window showed with it.
struct Painted {
    GeneratedImage result;
    QString overlay;
    qint64 canvasKey = 0; ///< the canvas image's cache key when it was painted
    int nodes = 0;        ///< history size at that moment
};

/// A window on `model` with Live on over a 32 x 32 image, recording what is painted and the status
/// bar's text when each live stage is submitted.
struct LiveWindow {
    EngineClient engine;
    MainWindow window{engine};
    QList<Painted> painted;
    QList<LiveStage> submitted;
    QStringList statusAtSubmit;

    bool start(const QString& model) {
        window.show();
        QSignalSpy loaded(&engine, &EngineClient::modelLoaded);
        engine.loadModel(model, QStringLiteral("cpu"), QStringLiteral("fp32"));
        if (!loaded.wait(kWaitMs)) {
            return false;
        }
        window.live()->setTimesteps(kPreviewTimesteps, kFullTimesteps);
        QImage image(32, 32, QImage::Format_RGB888);
        image.fill(Qt::yellow);
        window.openImage(image, QStringLiteral("yellow"));
        QObject::connect(&window, &MainWindow::resultShown, &window, [this](const GeneratedImage& result) {
            painted.append({result, window.canvas()->overlayText(), window.canvas()->image().cacheKey(),
                            window.history()->count()});
        });
        // Connected after the window's own handler: the status bar already says what runs.
        QObject::connect(window.live(), &LiveController::jobSubmitted, &window,
                         [this](quint64 /*id*/, int /*stage*/, const LiveStage& what) {
                             submitted.append(what);
                             statusAtSubmit.append(window.statusBar()->currentMessage());
                         });
        auto* live = window.findChild<QCheckBox*>(QStringLiteral("liveToggle"));
        live->setChecked(true);
        return window.live()->isActive();
    }

    void type(const QString& text) {
        window.findChild<QLineEdit*>(QStringLiteral("promptInstruction"))->setText(text);
    }
};

} // namespace

class TestLiveTiers : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void previewFirstThenFastInPlace() {
        QTemporaryDir folder;
        QVERIFY(folder.isValid());
        const QString written = hbuitest::writeTieredGoldenModel(folder.path());
        QVERIFY2(written.isEmpty(), qPrintable(written));
        LiveWindow w;
        QVERIFY(w.start(folder.path()));
        // The engine lists both distilled tiers; the plan uses them before any job, and the prompt
        // bar offers every tier.
        const QStringList tiers = w.engine.modelTiers();
        QVERIFY2(tiers.contains(QStringLiteral("preview")) && tiers.contains(QStringLiteral("fast")),
                 qPrintable(tiers.join(QLatin1Char(','))));
        const QList<LiveStage> plan = w.window.live()->stages();
        QCOMPARE(plan.size(), 3);
        QCOMPARE(plan.at(0).tier, QStringLiteral("preview"));
        QCOMPARE(plan.at(1).tier, QStringLiteral("fast"));
        QCOMPARE(plan.at(2).tier, QStringLiteral("full"));
        QCOMPARE(plan.at(2).timesteps, kFullTimesteps);
        auto* selector = w.window.findChild<QComboBox*>(QStringLiteral("tierSelector"));
        auto* items = qobject_cast<QStandardItemModel*>(selector->model());
        QVERIFY(items != nullptr);
        for (int row = 0; row < selector->count(); ++row) {
            QVERIFY2(items->item(row)->isEnabled(), qPrintable(selector->itemData(row).toString()));
        }

        const int nodes = w.window.history()->count();
        const QString prompt = QStringLiteral("make it blue");
        w.type(prompt);
        QTRY_VERIFY_WITH_TIMEOUT(!w.window.live()->isBusy(), kWaitMs);

        // Preview first, then Fast over it, then Full: one job per stage, nothing dropped.
        QCOMPARE(w.submitted.size(), 3);
        QCOMPARE(w.painted.size(), 3);
        const QStringList expectedTiers{QStringLiteral("preview"), QStringLiteral("fast"),
                                        QStringLiteral("full")};
        const QList<int> expectedSteps{1, 6, kFullTimesteps - 1};
        const QStringList labels{QStringLiteral("Preview · 1 steps"), QStringLiteral("Fast · 6 steps"),
                                 QStringLiteral("Full · 7 steps")};
        const int source = w.window.history()->currentId();
        for (int i = 0; i < 3; ++i) {
            const Painted& p = w.painted.at(i);
            QCOMPARE(w.submitted.at(i).tier, expectedTiers.at(i));
            QCOMPARE(p.result.tier, expectedTiers.at(i));
            QCOMPARE(p.result.steps, expectedSteps.at(i));
            // The same seed and prompt, an edit of the same node, painted in place (no new node).
            QCOMPARE(p.result.seed, w.painted.first().result.seed);
            QCOMPARE(p.result.prompt, prompt);
            QVERIFY(p.result.edit);
            QCOMPARE(p.result.sourceNode, source);
            QCOMPARE(p.nodes, nodes);
            QCOMPARE(p.canvasKey, p.result.image.cacheKey());
            QVERIFY2(p.overlay.startsWith(labels.at(i)), qPrintable(p.overlay));
            QVERIFY(p.overlay.contains(QStringLiteral("seed %1").arg(p.result.seed)));
        }
        // The status bar named each stage as it started.
        QCOMPARE(w.statusAtSubmit.at(0), QStringLiteral("Live: Preview…"));
        QCOMPARE(w.statusAtSubmit.at(1), QStringLiteral("Live: refining with Fast…"));
        QCOMPARE(w.statusAtSubmit.at(2), QStringLiteral("Live: refining with Full…"));
        QCOMPARE(w.window.result().tier, QStringLiteral("full"));
        QCOMPARE(w.window.canvas()->image(), w.window.result().image);
        QCOMPARE(w.window.history()->count(), nodes);
        w.window.findChild<QCheckBox*>(QStringLiteral("liveToggle"))->setChecked(false);
    }

    void fullOnlyModelUsesTheLabelledFallback() {
        LiveWindow w;
        QVERIFY(w.start(hbuitest::goldenModel()));
        QCOMPARE(w.engine.modelTiers(), QStringList{QStringLiteral("full")});
        w.type(QStringLiteral("make it blue"));
        QTRY_VERIFY_WITH_TIMEOUT(!w.window.live()->isBusy(), kWaitMs);
        QCOMPARE(w.painted.size(), 2);
        QCOMPARE(w.painted.at(0).result.tier, QStringLiteral("full"));
        QCOMPARE(w.painted.at(0).result.steps, kPreviewTimesteps - 1);
        QVERIFY2(w.painted.at(0).overlay.startsWith(QStringLiteral("Full · 3 steps")),
                 qPrintable(w.painted.at(0).overlay));
        QVERIFY2(w.painted.at(1).overlay.startsWith(QStringLiteral("Full · 7 steps")),
                 qPrintable(w.painted.at(1).overlay));
        QCOMPARE(w.painted.at(1).result.seed, w.painted.at(0).result.seed);
        QCOMPARE(w.statusAtSubmit.at(0), QStringLiteral("Live: Full…"));
        w.window.findChild<QCheckBox*>(QStringLiteral("liveToggle"))->setChecked(false);
    }
};

QTEST_MAIN(TestLiveTiers)
#include "test_ui_live_tiers.moc"
