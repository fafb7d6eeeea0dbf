// Live mode on the real engine (the golden model: random weights, no distilled tiers): 50 prompt
// changes within about two seconds paint only results of the newest live request, never a stale one,
// and end with the newest prompt refined in place; the tiers the model lacks are learnt, so the live
// stage is a short Full run and the refine the longer one, with the same seed.

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QImage>
#include <QLineEdit>
#include <QSet>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTest>
#include <QTimer>

#include "hyperbagel/ui/canvas_view.h"
#include "hyperbagel/ui/engine_client.h"
#include "hyperbagel/ui/history_model.h"
#include "hyperbagel/ui/live_controller.h"
#include "hyperbagel/ui/main_window.h"
#include "hyperbagel/ui/prompt_bar.h"

#include "ui_test_support.h"

using hb::ui::EngineClient;
using hb::ui::GeneratedImage;
using hb::ui::LiveController;
using hb::ui::LiveStage;
using hb::ui::MainWindow;

namespace {
using hbuitest::goldenModel;
constexpr int kWaitMs = 90000;
constexpr int kPreviewTimesteps = 4; ///< 3 denoising steps
constexpr int kFullTimesteps = 8;    ///< 7 steps: the refine, kept short for the test's sake

/// What was on screen when a result was painted.
struct Painted {
    quint64 requestId = 0;
    QString prompt;          ///< the result's prompt
    QString barText;         ///< the prompt bar's text at that moment
    quint64 newestLiveId = 0; ///< LiveController::latestRequestId() at that moment
    int steps = 0;
    quint64 seed = 0;
    QString overlay;
};
} // namespace

class TestLive : public QObject {
    Q_OBJECT

private:
    EngineClient* m_engine = nullptr;
    MainWindow* m_window = nullptr;
    QList<Painted> m_painted;
    QList<quint64> m_submitted;

    QLineEdit* prompt() const { return m_window->findChild<QLineEdit*>(QStringLiteral("promptInstruction")); }

    void record() {
        m_painted.clear();
        m_submitted.clear();
    }

private Q_SLOTS:
    void initTestCase() {
        m_engine = new EngineClient(this);
        m_window = new MainWindow(*m_engine);
        m_window->show();
        QSignalSpy loaded(m_engine, &EngineClient::modelLoaded);
        m_engine->loadModel(goldenModel(), QStringLiteral("cpu"), QStringLiteral("fp32"));
        QVERIFY(loaded.wait(kWaitMs));
        // The engine lists the golden model's tiers: Full only. The plan knows it before any job, and
        // the prompt bar offers only Full.
        QCOMPARE(m_engine->modelTiers(), QStringList{QStringLiteral("full")});
        QCOMPARE(m_window->live()->stages().size(), 2);
        QCOMPARE(m_window->live()->stages().at(0).tier, QStringLiteral("full"));
        QCOMPARE(m_window->promptBar()->tier(), QStringLiteral("full"));
        auto* tiers = m_window->findChild<QComboBox*>(QStringLiteral("tierSelector"));
        auto* items = qobject_cast<QStandardItemModel*>(tiers->model());
        QVERIFY(items != nullptr);
        for (int row = 0; row < tiers->count(); ++row) {
            QCOMPARE(items->item(row)->isEnabled(), tiers->itemData(row).toString() == QStringLiteral("full"));
        }
        m_window->live()->setTimesteps(kPreviewTimesteps, kFullTimesteps);
        QImage image(32, 32, QImage::Format_RGB888);
        image.fill(Qt::yellow);
        m_window->openImage(image, QStringLiteral("yellow"));
        connect(m_window, &MainWindow::resultShown, this, [this](const GeneratedImage& result) {
            m_painted.append({result.requestId, result.prompt, m_window->promptBar()->instruction(),
                              m_window->live()->latestRequestId(), result.steps, result.seed,
                              m_window->canvas()->overlayText()});
        });
        connect(m_window->live(), &LiveController::jobSubmitted, this,
                [this](quint64 requestId, int /*stage*/, const LiveStage& /*what*/) { m_submitted.append(requestId); });
        auto* live = m_window->findChild<QCheckBox*>(QStringLiteral("liveToggle"));
        QVERIFY(live->isEnabled());
        live->setChecked(true);
        QVERIFY(m_window->live()->isActive());
    }

    void refinesTheSameSeedInPlace() {
        record();
        const int nodes = m_window->history()->count();
        prompt()->setText(QStringLiteral("make it blue"));
        QTRY_VERIFY_WITH_TIMEOUT(!m_window->live()->isBusy(), kWaitMs);
        // The golden model has no distilled tier: a short Full run, then the longer one.
        const QList<LiveStage> stages = m_window->live()->stages();
        QCOMPARE(stages.size(), 2);
        QCOMPARE(stages.at(0).tier, QStringLiteral("full"));
        QCOMPARE(stages.at(0).timesteps, kPreviewTimesteps);
        QCOMPARE(stages.at(1).timesteps, kFullTimesteps);
        QCOMPARE(m_painted.size(), 2);
        QCOMPARE(m_painted.at(0).steps, kPreviewTimesteps - 1);
        QCOMPARE(m_painted.at(1).steps, kFullTimesteps - 1);
        QCOMPARE(m_painted.at(1).seed, m_painted.at(0).seed);
        QCOMPARE(m_painted.at(1).prompt, QStringLiteral("make it blue"));
        QVERIFY2(m_painted.at(0).overlay.startsWith(QStringLiteral("Full · 3 steps")), qPrintable(m_painted.at(0).overlay));
        QVERIFY2(m_painted.at(1).overlay.startsWith(QStringLiteral("Full · 7 steps")), qPrintable(m_painted.at(1).overlay));
        QVERIFY(m_window->hasResult());
        QCOMPARE(m_window->history()->count(), nodes); // nothing joins the history before Apply
    }

    /// The test: 50 prompt changes within 2 s; record every painted result. Most changes
    /// come 6 ms apart; after a few of them the typist pauses longer than the debounce, so jobs start
    /// and are superseded mid-run, and once long enough for a preview to be painted before typing on.
    void fiftyChangesPaintOnlyTheNewest() {
        record();
        const QString base = QStringLiteral("make the square red, version ");
        QList<int> pauses(50, 6);
        pauses[9] = pauses[19] = pauses[39] = LiveController::kDebounceMs + 30;
        pauses[29] = 560;
        int changes = 0;
        QElapsedTimer clock;
        QTimer typist;
        typist.setSingleShot(true);
        typist.setTimerType(Qt::PreciseTimer);
        connect(&typist, &QTimer::timeout, this, [&] {
            prompt()->setText(base + QString::number(++changes));
            if (changes < 50) {
                typist.start(pauses.at(changes - 1));
            }
        });
        clock.start();
        typist.start(0);
        QTRY_COMPARE_WITH_TIMEOUT(changes, 50, 10000);
        const qint64 typingMs = clock.elapsed();
        const qsizetype submittedWhileTyping = m_submitted.size();
        qInfo("50 prompt changes took %lld ms; %lld live jobs submitted and %lld results painted while typing",
              static_cast<long long>(typingMs), static_cast<long long>(submittedWhileTyping),
              static_cast<long long>(m_painted.size()));
        // The pauses longer than the debounce started jobs that newer changes then superseded.
        QVERIFY(submittedWhileTyping >= 4);
        QTRY_VERIFY_WITH_TIMEOUT(!m_window->live()->isBusy(), kWaitMs);

        const QString newest = base + QStringLiteral("50");
        QVERIFY(!m_painted.isEmpty());
        quint64 previousId = 0;
        const QSet<quint64> submitted(m_submitted.cbegin(), m_submitted.cend());
        for (const Painted& p : std::as_const(m_painted)) {
            // Never stale: the result answers exactly what the prompt bar said when it was painted,
            // and its request was the newest live request.
            QCOMPARE(p.prompt, p.barText);
            QCOMPARE(p.requestId, p.newestLiveId);
            QVERIFY(submitted.contains(p.requestId));
            QVERIFY(p.requestId > previousId);
            previousId = p.requestId;
        }
        // The debounce coalesces: far fewer jobs than changes.
        QVERIFY2(m_submitted.size() < 50, qPrintable(QString::number(m_submitted.size())));
        // It ends with the newest prompt, refined, on the canvas.
        const Painted& last = m_painted.constLast();
        QCOMPARE(last.prompt, newest);
        QCOMPARE(last.steps, kFullTimesteps - 1);
        QCOMPARE(m_window->result().prompt, newest);
        QCOMPARE(m_window->canvas()->image(), m_window->result().image);
    }

    void turningLiveOffStopsIt() {
        record();
        auto* live = m_window->findChild<QCheckBox*>(QStringLiteral("liveToggle"));
        prompt()->setText(QStringLiteral("make it green"));
        live->setChecked(false);
        QVERIFY(!m_window->live()->isActive());
        QVERIFY(!m_window->live()->isBusy());
        QTest::qWait(2 * LiveController::kDebounceMs);
        QVERIFY(m_submitted.isEmpty());
        QVERIFY(m_painted.isEmpty());
    }

    void cleanupTestCase() {
        delete m_window;
        m_window = nullptr;
    }
};

QTEST_MAIN(TestLive)
#include "test_ui_live.moc"
